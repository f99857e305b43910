using System.Globalization;

namespace Marketplace.Web.Localization;

/// <summary>Money as people read it: integer fen shown as ¥1,234.56, the same in every language.</summary>
public static class Money
{
    public static string Format(long fen)
    {
        var text = "¥" + (Math.Abs(fen) / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
        return fen < 0 ? "-" + text : text;
    }
}
