using Microsoft.Playwright;

namespace Marketplace.Browser.Tests.Infrastructure;

/// <summary>Screenshots go to artifacts/screenshots at the repository root and are attached to the test result.</summary>
internal static class Screenshots
{
    private static readonly Lazy<string> _folder = new(() =>
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static async Task SaveAsync(IPage page, string? suffix = null)
    {
        var name = TestContext.CurrentContext.Test.Name + (suffix is null ? "" : "-" + suffix);
        var path = Path.Combine(_folder.Value, string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c)) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Marketplace.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Marketplace.sln above {AppContext.BaseDirectory}.");
    }
}
