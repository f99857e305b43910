using System.Globalization;
using Marketplace.Core.Assistance;
using Marketplace.Web.Drawing;
using Marketplace.Web.Localization;
using SkiaSharp;

namespace Marketplace.Web.Assistance;

/// <summary>
/// 消费帮扶证书: a unit's annual contribution as a PNG to share — the unit, the year, the amount, the counties and the
/// linked households, all from the ledger (<see cref="ImpactQueries.UnitAsync"/>). In Chinese when a CJK font is
/// installed; otherwise in English with the unit's short name, so no line ever shows as boxes.
/// </summary>
public static class ImpactCertificate
{
    public const int Width = 1200;
    public const int Height = 850;
    public const string ContentType = "image/png";

    public static byte[] Draw(string unitName, string? unitShortName, string groupName, Impact impact, DateOnly issuedOn)
    {
        var chinese = Typefaces.Chinese is { } cjk && cjk.ContainsGlyphs(unitName + groupName + "消费帮扶证书年度") ? cjk : null;
        var lines = chinese is null ? English(unitShortName ?? "Member unit", impact, issuedOn) : Chinese(unitName, groupName, impact, issuedOn);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(0xFF, 0xFB, 0xF2));
        using (var border = new SKPaint { IsAntialias = true, Color = new SKColor(0xB7, 0x1C, 0x1C), Style = SKPaintStyle.Stroke, StrokeWidth = 14 })
        {
            canvas.DrawRect(28, 28, Width - 56, Height - 56, border);
            border.StrokeWidth = 3;
            canvas.DrawRect(52, 52, Width - 104, Height - 104, border);
        }

        var typeface = chinese ?? Typefaces.Latin;
        foreach (var (text, size, y, colour) in lines)
        {
            using var font = new SKFont(typeface, size);
            while (font.MeasureText(text) > Width - 160 && font.Size > 14)
            {
                font.Size -= 2;
            }

            using var ink = new SKPaint { IsAntialias = true, Color = colour };
            canvas.DrawText(text, Width / 2f, y, SKTextAlign.Center, font, ink);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static readonly SKColor Red = new(0xB7, 0x1C, 0x1C);
    private static readonly SKColor Ink = new(0x33, 0x33, 0x33);

    private static List<(string, float, float, SKColor)> Chinese(string unitName, string groupName, Impact impact, DateOnly issuedOn)
    {
        var counties = impact.Counties.Count == 0 ? "—" : string.Join("、", impact.Counties.Select(c => c.CountyName));
        return
        [
            ("消费帮扶证书", 72, 180, Red),
            (unitName, 52, 290, Ink),
            ($"{impact.Year}年度通过消费帮扶采购帮扶地区产品 {Money.Format(impact.AmountFen)}", 36, 390, Ink),
            ($"惠及 {impact.Counties.Count} 个帮扶县：{counties}", 32, 460, Ink),
            ($"带动联农带农 {impact.Households.ToString("N0", CultureInfo.InvariantCulture)} 户、{impact.People.ToString("N0", CultureInfo.InvariantCulture)} 人", 32, 525, Ink),
            ("购买者有回报，受助者有尊严", 30, 620, Red),
            ($"{groupName} · {issuedOn.Year}年{issuedOn.Month}月{issuedOn.Day}日", 26, 740, Ink),
        ];
    }

    private static List<(string, float, float, SKColor)> English(string unitName, Impact impact, DateOnly issuedOn)
    {
        var counties = impact.Counties.Count == 0 ? "-" : string.Join(", ", impact.Counties.Select(c => c.CountyCode));
        return
        [
            ("Certificate of Consumption Assistance", 56, 180, Red),
            (unitName, 48, 290, Ink),
            ($"{impact.Year}: {Money.Format(impact.AmountFen)} bought from assisted areas", 36, 390, Ink),
            ($"{impact.Counties.Count} assisted counties: {counties}", 32, 460, Ink),
            ($"{impact.Households.ToString("N0", CultureInfo.InvariantCulture)} linked households, {impact.People.ToString("N0", CultureInfo.InvariantCulture)} people", 32, 525, Ink),
            ($"Issued {issuedOn:yyyy-MM-dd}", 26, 740, Ink),
        ];
    }
}
