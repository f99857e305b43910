using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Web.Health;

/// <summary>
/// Writes the report as JSON: the overall status and each check's status and duration. Exception messages
/// and descriptions stay in the logs: they can name hosts and users.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new HealthResponse(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(
                e => e.Key,
                e => new HealthCheckResponse(e.Value.Status.ToString(), e.Value.Duration.TotalMilliseconds, [.. e.Value.Tags])));
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    private sealed record HealthResponse(string Status, double DurationMs, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

    private sealed record HealthCheckResponse(string Status, double DurationMs, IReadOnlyList<string> Tags);
}
