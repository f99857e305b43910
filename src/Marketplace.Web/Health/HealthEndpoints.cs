using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Marketplace.Web.Health;

public static class HealthEndpoints
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";

    /// <summary>
    /// Liveness runs no checks (the process answers, so it lives); readiness runs the checks tagged "ready"
    /// (the database, the bus) and answers 503 while any of them fails. Both are open to probes.
    /// </summary>
    public static IEndpointRouteBuilder MapMarketplaceHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Live, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        endpoints.MapHealthChecks(Ready, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>Probes every few seconds would drown the traces people look at.</summary>
    public static bool IsNotProbe(HttpContext context) => !context.Request.Path.StartsWithSegments("/health");
}
