using System.Text.RegularExpressions;

namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>Reads the .eml files the embedded default writes into the data folder's mail/ instead of sending.</summary>
internal static partial class Mailbox
{
    public static string Folder(MarketplaceWebFactory factory) => Path.Combine(factory.DataDirectory, "mail");

    /// <summary>The messages to <paramref name="to"/>, oldest first.</summary>
    public static IReadOnlyList<string> MessagesTo(MarketplaceWebFactory factory, string to)
    {
        var folder = Folder(factory);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.eml")
            .OrderBy(File.GetCreationTimeUtc)
            .ThenBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Where(m => m.Contains($"To: {to}\r\n", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>The link to <paramref name="path"/> in the latest message to <paramref name="to"/>.</summary>
    public static string LatestLink(MarketplaceWebFactory factory, string to, string path)
    {
        var messages = MessagesTo(factory, to);
        Assert.That(messages, Is.Not.Empty, $"No mail to {to} in {Folder(factory)}.");
        var match = Link().Matches(messages[^1]).FirstOrDefault(m => new Uri(m.Value).AbsolutePath == path);
        Assert.That(match, Is.Not.Null, $"The latest mail to {to} has no link to {path}.");
        return match!.Value;
    }

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex Link();
}
