using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Prices an order's lines from the catalog as it is now: only published listings of suppliers certified today, active
/// SKUs, the listing's minimum over all its lines, volume tiers by the line's quantity.
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
        var skuIds = lines.Select(l => l.SkuId).ToList();
        var skus = await db.ListingSkus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var listingIds = skus.Values.Select(s => s.ListingId).Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().IgnoreAutoIncludes().Where(l => listingIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var supplierIds = listings.Values.Select(l => l.SupplierId).Distinct().ToList();
        var today = ChinaCalendar.DateOf(now);
        var certified = (await db.SupplierApplications.AsNoTracking().Where(a => supplierIds.Contains(a.OrganizationId)).ToListAsync(cancellationToken))
            .Where(a => a.IsCertifiedOn(today)).Select(a => a.OrganizationId).ToHashSet();

        var priced = new List<PricedLine>();
        var rejected = new Dictionary<Guid, LineRejection>();
        foreach (var line in lines)
        {
            if (!skus.TryGetValue(line.SkuId, out var sku))
            {
                rejected[line.Id] = LineRejection.UnknownSku;
                continue;
            }

            var listing = listings[sku.ListingId];
            if (!sku.IsActive || listing.Status != ListingStatus.Published || !certified.Contains(listing.SupplierId))
            {
                rejected[line.Id] = LineRejection.Unavailable;
                continue;
            }

            var piecesOfListing = lines.Where(l => skus.TryGetValue(l.SkuId, out var s) && s.ListingId == listing.Id).Sum(l => l.Quantity);
            if (piecesOfListing < listing.MinimumOrderQuantity)
            {
                rejected[line.Id] = LineRejection.BelowMinimum;
                continue;
            }

            priced.Add(new PricedLine(
                line.Id, listing.SupplierId, listing.Id, listing.CountyCode, listing.Category, listing.Name, sku.Spec, sku.UnitPriceFor(line.Quantity)));
        }

        return (priced, rejected);
    }
}

public sealed record LineToPrice(Guid Id, Guid SkuId, int Quantity);
