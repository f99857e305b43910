using SkiaSharp;

namespace Marketplace.Web.Drawing;

/// <summary>
/// Typefaces for pictures drawn on the server. Chinese needs a font with CJK glyphs (fonts-noto-cjk); without one,
/// callers draw Latin text instead of boxes.
/// </summary>
public static class Typefaces
{
    private static readonly string[] ChineseFamilies = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC"];

    // Skia's font manager without fontconfig does not fall back per character: find a family with Chinese glyphs by name, else by scanning.
    private static readonly Lazy<SKTypeface?> ChineseBold = new(() =>
    {
        var fonts = SKFontManager.Default;
        return ChineseFamilies.Concat(fonts.FontFamilies)
            .Select(family => fonts.MatchFamily(family, SKFontStyle.Bold))
            .FirstOrDefault(typeface => typeface is not null && typeface.ContainsGlyphs("文山牛肉高原梨"));
    });

    private static readonly Lazy<SKTypeface> LatinBold = new(() =>
        SKFontManager.Default.MatchFamily("DejaVu Sans", SKFontStyle.Bold) ?? SKFontManager.Default.MatchFamily("Liberation Sans", SKFontStyle.Bold) ?? SKTypeface.Default);

    /// <summary>A bold typeface with Chinese glyphs, or null when none is installed.</summary>
    public static SKTypeface? Chinese => ChineseBold.Value;

    public static SKTypeface Latin => LatinBold.Value;
}
