using Marketplace.Core.Catalog;

namespace Marketplace.Web.UnitOrders;

/// <summary>
/// 尺码表: a garment's sizes are its active SKUs, named by their garment size (or, without one, their spec). A size
/// not in the chart is never guessed: the roster line is reported.
/// </summary>
public static class SizeChart
{
    public static ListingSku? Find(Listing garment, string size)
    {
        var wanted = size.Trim();
        return wanted.Length == 0 ? null : garment.Skus.Where(s => s.IsActive).FirstOrDefault(s => string.Equals(SizeOf(s), wanted, StringComparison.OrdinalIgnoreCase));
    }

    public static IEnumerable<string> Sizes(Listing garment) => garment.Skus.Where(s => s.IsActive).OrderBy(s => s.Position).Select(SizeOf);

    private static string SizeOf(ListingSku sku) => (sku.GarmentSize ?? sku.Spec).Trim();
}
