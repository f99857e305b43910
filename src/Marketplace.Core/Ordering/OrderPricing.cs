using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Prices an order's lines from the catalog as it is now: only published listings of suppliers certified today, active
/// SKUs, the listing's minimum over all its lines, volume tiers by the SKU's pieces in the whole order (a unit order may
/// send one SKU to several places). Set-based: a fixed number of queries whatever the number of lines.
/// </summary>
public static class OrderPricing
{
    public static Task<(List<PricedLine> Priced, Dictionary<Guid, LineRejection> Rejected)> PriceAsync(
        MarketplaceDbContext db, Order order, DateTime now, CancellationToken cancellationToken) =>
        PriceAsync(db, [.. order.Lines.Select(l => new LineToPrice(l.Id, l.SkuId, l.Quantity))], now, cancellationToken);

    /// <summary>Prices lines as they would be, e.g. an order's lines with an approver's new quantities.</summary>
    public static async Task<(List<PricedLine> Priced, Dictionary<Guid, LineRejection> Rejected)> PriceAsync(
        MarketplaceDbContext db, IReadOnlyList<LineToPrice> lines, DateTime now, CancellationToken cancellationToken)
    {
        var catalog = await OrderCatalog.LoadAsync(db, lines.Select(l => l.SkuId), now, cancellationToken);
        var piecesOfSku = lines.GroupBy(l => l.SkuId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var piecesOfListing = catalog.PiecesPerListing(piecesOfSku);
        var today = ChinaCalendar.DateOf(now);
        var priced = new List<PricedLine>(lines.Count);
        var rejected = new Dictionary<Guid, LineRejection>();
        foreach (var line in lines)
        {
            if (catalog.Check(line.SkuId, piecesOfListing) is { } rejection)
            {
                rejected[line.Id] = rejection;
                continue;
            }

            var sku = catalog.Sku(line.SkuId)!;
            var listing = catalog.ListingOf(sku);
            priced.Add(new PricedLine(
                line.Id, listing.SupplierId, listing.Id, listing.CountyCode, listing.Category, listing.Name, sku.Spec, sku.UnitPriceFor(piecesOfSku[sku.Id]),
                sku.ReadyBy(today)));
        }

        return (priced, rejected);
    }
}

public sealed record LineToPrice(Guid Id, Guid SkuId, int Quantity);
