using Marketplace.Core.Suppliers;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// The catalog as an order sees it now, loaded set-based for all of an order's SKUs (two queries however many lines):
/// the order service prices from it, and a unit order's check uses the same rules before anything is ordered.
/// </summary>
public sealed class OrderCatalog
{
    private readonly Dictionary<Guid, ListingSku> _skus;
    private readonly Dictionary<Guid, Listing> _listings;
    private readonly HashSet<Guid> _certified;

    private OrderCatalog(Dictionary<Guid, ListingSku> skus, Dictionary<Guid, Listing> listings, HashSet<Guid> certified)
    {
        _skus = skus;
        _listings = listings;
        _certified = certified;
    }

    public static async Task<OrderCatalog> LoadAsync(MarketplaceDbContext db, IEnumerable<Guid> skuIds, DateTime now, CancellationToken cancellationToken)
    {
        var ids = skuIds.Distinct().ToList();
        // SKUs and listings in one query, without the stock slots (stock is taken by SQL, and read by
        // StockReservations.StockOfAsync where it is shown); the ids go as one parameter (see DataRegistration).
        var found = await db.ListingSkus.AsNoTracking().IgnoreAutoIncludes().Where(s => ids.Contains(s.Id))
            .Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => new { Sku = s, Listing = l })
            .ToListAsync(cancellationToken);
        var skus = new Dictionary<Guid, ListingSku>(found.Count);
        var listings = new Dictionary<Guid, Listing>();
        foreach (var row in found)
        {
            skus[row.Sku.Id] = row.Sku;
            listings.TryAdd(row.Listing.Id, row.Listing);
        }

        var supplierIds = listings.Values.Select(l => l.SupplierId).Distinct().ToList();
        var today = ChinaCalendar.DateOf(now);
        var certified = (await db.SupplierApplications.AsNoTracking().Where(a => supplierIds.Contains(a.OrganizationId)).ToListAsync(cancellationToken))
            .Where(a => a.IsCertifiedOn(today)).Select(a => a.OrganizationId).ToHashSet();
        return new(skus, listings, certified);
    }

    public ListingSku? Sku(Guid skuId) => _skus.GetValueOrDefault(skuId);

    public Listing ListingOf(ListingSku sku) => _listings[sku.ListingId];

    /// <summary>Pieces per listing of SKU totals (the listing's minimum counts all its SKUs in the order).</summary>
    public Dictionary<Guid, int> PiecesPerListing(IReadOnlyDictionary<Guid, int> piecesOfSku) =>
        piecesOfSku.Where(p => _skus.ContainsKey(p.Key)).GroupBy(p => _skus[p.Key].ListingId).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    /// <summary>Why a line of <paramref name="skuId"/> cannot be taken (stock aside), or null.</summary>
    public LineRejection? Check(Guid skuId, IReadOnlyDictionary<Guid, int> piecesOfListing)
    {
        if (!_skus.TryGetValue(skuId, out var sku))
        {
            return LineRejection.UnknownSku;
        }

        var listing = _listings[sku.ListingId];
        if (!sku.IsActive || listing.Status != ListingStatus.Published || !_certified.Contains(listing.SupplierId))
        {
            return LineRejection.Unavailable;
        }

        return piecesOfListing.GetValueOrDefault(listing.Id) < listing.MinimumOrderQuantity ? LineRejection.BelowMinimum : null;
    }
}
