using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Catalog.ListingReview;

/// <summary>A SKU whose price differs from the one last approved: why a listing is back in review.</summary>
public sealed record PriceChange(string SkuCode, string Spec, long? ApprovedPriceFen, long PriceFen);

public sealed record ReviewQueueItem(
    Guid ListingId,
    Guid SupplierId,
    string SupplierName,
    string CountyCode,
    string CountyName,
    string ProductCode,
    string Name,
    string? Brand,
    ProductCategory Category,
    long MinPriceFen,
    DateTime SubmittedAt,
    bool IsReReview,
    IReadOnlyList<PriceChange> PriceChanges,
    Guid? CoverImageId);

public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Items, int Total, int Offset, int Limit);

/// <summary>
/// The listing review queue: Submitted listings, the longest waiting first. Plain offset paging: the queue stays small
/// (it is worked through every day), and an operator who works from the top sees it shrink rather than shift.
/// </summary>
public sealed class ReviewQueue(MarketplaceDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public async Task<ReviewQueuePage> HandleAsync(int? offset, int? limit, CancellationToken cancellationToken = default)
    {
        var skip = Math.Max(offset ?? 0, 0);
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var submitted = db.Listings.Where(l => l.Status == ListingStatus.Submitted);
        var total = await submitted.CountAsync(cancellationToken);
        var rows = await (
            from l in submitted
            join o in db.Organizations on l.SupplierId equals o.Id
            join c in db.Counties on l.CountyCode equals c.Code
            orderby l.SubmittedAt, l.Id
            select new
            {
                l.Id, l.SupplierId, SupplierName = o.Name, l.CountyCode, CountyName = c.Name, l.ProductCode, l.Name, l.Brand,
                l.Category, l.MinPriceFen, l.SubmittedAt, l.CoverImageId,
            })
            .Skip(skip).Take(take).AsNoTracking().ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.Id).ToList();
        var skus = (await db.ListingSkus.Where(s => ids.Contains(s.ListingId))
                .Select(s => new { s.ListingId, s.Code, s.Spec, s.ApprovedPriceFen, s.PriceFen, s.Position })
                .AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(s => s.ListingId);

        return new ReviewQueuePage(
            [.. rows.Select(r =>
            {
                var listingSkus = skus[r.Id].OrderBy(s => s.Position).ToList();
                // A listing with an approved price was live before: a content change, a new SKU or a price raise sent it back.
                var isReReview = listingSkus.Any(s => s.ApprovedPriceFen is not null);
                var changes = isReReview
                    ? listingSkus.Where(s => s.ApprovedPriceFen != s.PriceFen).Select(s => new PriceChange(s.Code, s.Spec, s.ApprovedPriceFen, s.PriceFen)).ToList()
                    : [];
                return new ReviewQueueItem(
                    r.Id, r.SupplierId, r.SupplierName, r.CountyCode, r.CountyName, r.ProductCode, r.Name, r.Brand, r.Category, r.MinPriceFen,
                    r.SubmittedAt!.Value, isReReview, changes, r.CoverImageId);
            })],
            total, skip, take);
    }
}
