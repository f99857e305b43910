namespace Marketplace.Web.Hosting;

public static class DefaultAddress
{
    /// <summary>The address the README documents for a fresh clone.</summary>
    public const string Url = "http://localhost:5000";

    /// <summary>
    /// Serves on <see cref="Url"/> without a launch profile too (a published build, <c>--no-launch-profile</c>).
    /// Any configured address — ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS, Kestrel:Endpoints — still wins.
    /// </summary>
    public static WebApplicationBuilder UseDefaultAddressWhenNoneConfigured(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var configured = !string.IsNullOrWhiteSpace(config[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(config[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(config[WebHostDefaults.HttpsPortsKey])
            || config.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
        {
            builder.WebHost.UseUrls(Url);
        }

        return builder;
    }
}
