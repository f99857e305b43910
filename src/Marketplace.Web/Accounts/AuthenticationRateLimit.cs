using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts;

/// <summary>Limits of the authentication policy, under <c>RateLimits:Authentication</c>.</summary>
public sealed class AuthenticationRateLimitOptions
{
    public const string Section = "RateLimits:Authentication";

    /// <summary>Attempts per client address and window, shared by sign-in, registration and password reset.</summary>
    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Sign-in, registration and password reset, on the pages and the API, share one fixed window per client
/// address: guessing passwords, creating accounts in bulk and mail-bombing an inbox all cost attempts. Reading a
/// form (GET) costs nothing. A rejection is a bodiless 429 with Retry-After; the error middleware turns it into
/// ProblemDetails for programs and the error page for people.
/// </summary>
public static class AuthenticationRateLimit
{
    public const string Policy = "authentication";

    public static IServiceCollection AddAuthenticationRateLimit(this IServiceCollection services)
    {
        services.AddOptions<AuthenticationRateLimitOptions>().BindConfiguration(AuthenticationRateLimitOptions.Section);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            o.AddPolicy(Policy, Partition);
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }

        // Behind a reverse proxy this is the proxy's address unless forwarded headers are configured.
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var limits = context.RequestServices.GetRequiredService<IOptions<AuthenticationRateLimitOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitLimit,
            Window = limits.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
