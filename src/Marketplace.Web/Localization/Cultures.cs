namespace Marketplace.Web.Localization;

public static class Cultures
{
    /// <summary>The site's language unless a visitor picks another.</summary>
    public const string Chinese = "zh-CN";

    public const string English = "en";

    public static readonly string[] Supported = [Chinese, English];

    /// <summary>The supported culture's canonical name, or null for anything else.</summary>
    public static string? Find(string? culture) =>
        Supported.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));
}
