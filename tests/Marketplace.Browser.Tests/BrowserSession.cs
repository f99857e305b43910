using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Marketplace.Browser.Tests;

/// <summary>One app server and one Chromium for the whole run; each test opens its own browser context.</summary>
[SetUpFixture]
public sealed class BrowserSession
{
    public const string ChromiumVariable = "MARKETPLACE_CHROMIUM";
    public const string DefaultChromium = "/usr/bin/chromium";

    private static MarketplaceServer? _server;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    internal static Uri BaseAddress => _server?.BaseAddress ?? throw new InvalidOperationException("The session did not start.");

    /// <summary>The server's data folder; the embedded default writes its mail into mail/ there.</summary>
    internal static string DataDirectory => _server?.DataDirectory ?? throw new InvalidOperationException("The session did not start.");

    /// <summary>The server's services, for a journey that needs data no page makes yet.</summary>
    internal static IServiceProvider Services => _server?.Services ?? throw new InvalidOperationException("The session did not start.");

    internal static IBrowser Browser => _browser ?? throw new InvalidOperationException("The session did not start.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(chromium))
        {
            // A missing browser fails the run: a skipped browser suite looks green and tests nothing.
            Assert.Fail($"Chromium not found at {chromium}. Install it with `apt-get install -y chromium fonts-noto-cjk`, "
                + $"or set {ChromiumVariable} to its path. Playwright's own browser download is not used.");
        }

        _server = new MarketplaceServer();
        _server.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
