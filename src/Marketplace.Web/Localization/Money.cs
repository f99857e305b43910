using System.Globalization;

namespace Marketplace.Web.Localization;

/// <summary>
/// Money at the edge: integer fen shown as ¥1,234.56 (the same in every language) or as plain yuan for a form field,
/// and yuan typed by a person read back as fen digit by digit, never through a floating-point number.
/// </summary>
public static class Money
{
    /// <summary>123456 → "¥1,234.56".</summary>
    public static string Format(long fen)
    {
        var text = "¥" + (Math.Abs(fen) / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
        return fen < 0 ? "-" + text : text;
    }

    /// <summary>12345 → "123.45": what a form field or a spreadsheet cell holds.</summary>
    public static string Plain(long fen) =>
        (fen < 0 ? "-" : "") + (Math.Abs(fen) / 100).ToString(CultureInfo.InvariantCulture) + "." + (Math.Abs(fen) % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>"65", "65.5", "65.50", "¥1,234.56" → fen; null for anything else (negative, more than two decimals, letters, too large).</summary>
    public static long? ParseYuan(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim().TrimStart('¥', '￥').Replace(",", "", StringComparison.Ordinal).Trim();
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length is 0 or > 12 || fraction.Length > 2 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length == 0))
        {
            return null;
        }

        return (long.Parse(whole, CultureInfo.InvariantCulture) * 100) + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
    }
}
