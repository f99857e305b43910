using Microsoft.Playwright;

namespace Marketplace.Browser.Tests.Infrastructure;

/// <summary>
/// A test with its own browser context. Requests that leave the machine are blocked and fail the test: the
/// site must work without the internet (no CDN, no web fonts).
/// </summary>
public abstract class BrowserTest
{
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 900 };

    private readonly List<string> _external = [];
    private IBrowserContext? _context;
    private IPage? _page;

    /// <summary>A page at the home address. The browser prefers English, which the site deliberately ignores.</summary>
    protected async Task<IPage> OpenAsync(ViewportSize viewport, string path = "/")
    {
        var phone = viewport.Width < 600;
        _context = await BrowserSession.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BrowserSession.BaseAddress.ToString(),
            ViewportSize = viewport,
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Locale = "en-US",
        });
        await _context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && !url.IsLoopback)
            {
                _external.Add(route.Request.Url);
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });
        _page = await _context.NewPageAsync();
        await _page.GotoAsync(path);
        return _page;
    }

    [TearDown]
    public async Task CloseAsync()
    {
        if (_page is not null)
        {
            await Screenshots.SaveAsync(_page);
        }

        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        Assert.That(_external, Is.Empty, "The page asked the internet for resources.");
    }
}
