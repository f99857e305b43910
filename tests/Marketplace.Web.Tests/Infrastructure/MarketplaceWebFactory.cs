using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>
/// The web host on the embedded default (SQLite + in-memory bus) with a data folder of its own,
/// deleted when the factory is disposed. Settings override configuration as the command line would.
/// </summary>
public class MarketplaceWebFactory(
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<Program>
{
    private bool _deleted;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("marketplace-web-tests-").FullName;

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can look at each answer.</summary>
    public HttpClient CreateBrowserLikeClient(bool followRedirects = false) =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        // Many tests sign in from the same (test server) address; tests of the limit set their own.
        builder.UseSetting("RateLimits:Authentication:PermitLimit", "100000");
        // The demo's past year takes the host a minute to replay; only the tests of that year ask for it.
        builder.UseSetting("DemoData:History", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataDirectory();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        DeleteDataDirectory();
    }

    private void DeleteDataDirectory()
    {
        if (_deleted)
        {
            return;
        }

        _deleted = true;
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
