using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Catalog.ListingReview;

public sealed record ReviewSkuResponse(
    Guid Id, string Code, string Spec, int? WeightGrams, string? BoxSize, string? GarmentSize, long PriceFen, long? ApprovedPriceFen,
    long? ReferencePriceFen, int Stock, bool IsActive, IReadOnlyList<VolumeTier> VolumeTiers);

public sealed record ReviewImageResponse(Guid Id, int Position, int Width, int Height, string Hash);

/// <summary>The supplier as the reviewer needs it: whether it is certified today, and whether its listings skip review.</summary>
public sealed record ReviewSupplierResponse(
    Guid SupplierId, string Name, CertificationStatus? CertificationStatus, bool Certified, DateOnly? ValidTo, bool AutoApproveListings);

public sealed record OperatorListingResponse(
    Guid Id,
    string ProductCode,
    string Name,
    string? Brand,
    ProductCategory Category,
    string Description,
    int MinimumOrderQuantity,
    int? ShelfLifeDays,
    string ShippingRegions,
    ListingStatus Status,
    bool PublishOnApproval,
    string? RejectionReason,
    string CountyCode,
    string? CountyName,
    AssistedRegion? Region,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SubmittedAt,
    DateTime? ReviewedAt,
    DateTime? FirstPublishedAt,
    long MinPriceFen,
    Guid? CoverImageId,
    int Revision,
    ReviewSupplierResponse Supplier,
    IReadOnlyList<ReviewSkuResponse> Skus,
    IReadOnlyList<ReviewImageResponse> Images);

/// <summary>One listing in full for an operator: every SKU with its tiers and approved price, its images, and its supplier's certification today.</summary>
public sealed class ListingForReview(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<OperatorListingResponse?> FindAsync(Guid listingId, CancellationToken cancellationToken = default)
    {
        var listing = await db.Listings.Include(l => l.Skus).AsNoTracking().SingleOrDefaultAsync(l => l.Id == listingId, cancellationToken);
        if (listing is null)
        {
            return null;
        }

        var supplierName = await db.Organizations.Where(o => o.Id == listing.SupplierId).Select(o => o.Name).SingleAsync(cancellationToken);
        var application = await db.SupplierApplications.AsNoTracking().SingleOrDefaultAsync(a => a.OrganizationId == listing.SupplierId, cancellationToken);
        var county = await db.Counties.AsNoTracking().SingleOrDefaultAsync(c => c.Code == listing.CountyCode, cancellationToken);
        var images = await db.ListingImages.Where(i => i.ListingId == listingId).OrderBy(i => i.Position)
            .Select(i => new ReviewImageResponse(i.Id, i.Position, i.Width, i.Height, i.Hash)).ToListAsync(cancellationToken);
        var today = ChinaCalendar.Today(clock);
        var supplier = new ReviewSupplierResponse(
            listing.SupplierId, supplierName, application?.StatusOn(today), application?.IsCertifiedOn(today) == true, application?.ValidTo,
            application?.AutoApproveListings == true);
        return new OperatorListingResponse(
            listing.Id, listing.ProductCode, listing.Name, listing.Brand, listing.Category, listing.Description, listing.MinimumOrderQuantity,
            listing.ShelfLifeDays, listing.ShippingRegions, listing.Status, listing.PublishOnApproval, listing.RejectionReason, listing.CountyCode,
            county?.Name, county?.Region, listing.CreatedAt, listing.UpdatedAt, listing.SubmittedAt, listing.ReviewedAt, listing.FirstPublishedAt,
            listing.MinPriceFen, listing.CoverImageId, listing.Revision, supplier,
            [.. listing.Skus.OrderBy(s => s.Position).Select(s => new ReviewSkuResponse(
                s.Id, s.Code, s.Spec, s.WeightGrams, s.BoxSize, s.GarmentSize, s.PriceFen, s.ApprovedPriceFen, s.ReferencePriceFen, s.Stock,
                s.IsActive, [.. s.VolumeTiers.OrderBy(t => t.MinQuantity)]))],
            images);
    }
}
