using System.Globalization;

namespace Marketplace.Web.Catalog.Storefront;

/// <summary>Fen shown as yuan, e.g. 123456 → ¥1,234.56; and yuan typed by a shopper read as fen.</summary>
public static class Money
{
    public static string Yuan(long fen) =>
        (fen < 0 ? "-" : "") + "¥" + (Math.Abs(fen) / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>A non-negative amount in yuan with at most two decimals, as fen; null when it is not one.</summary>
    public static long? FenOf(string? yuan)
    {
        if (!decimal.TryParse(yuan?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value > long.MaxValue / 100 || decimal.Round(value, 2) != value)
        {
            return null;
        }

        return (long)(value * 100);
    }
}
