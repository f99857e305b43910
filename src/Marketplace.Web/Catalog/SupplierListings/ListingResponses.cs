using Marketplace.Core.Catalog;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>A row of the supplier's own listing table: every status, with why it was rejected.</summary>
public sealed record SupplierListingSummary(
    Guid Id,
    string ProductCode,
    string Name,
    string? Brand,
    ProductCategory Category,
    ListingStatus Status,
    string? RejectionReason,
    long MinPriceFen,
    long TotalStock,
    int SkuCount,
    Guid? CoverImageId,
    int Revision,
    DateTime UpdatedAt);

public sealed record SkuResponse(
    Guid Id,
    string Code,
    string Spec,
    int? WeightGrams,
    string? BoxSize,
    string? GarmentSize,
    long PriceFen,
    long? ApprovedPriceFen,
    long? ReferencePriceFen,
    int Stock,
    bool IsActive,
    IReadOnlyList<VolumeTier> VolumeTiers,
    int LeadTimeDays)
{
    public static SkuResponse Of(ListingSku s) => new(
        s.Id, s.Code, s.Spec, s.WeightGrams, s.BoxSize, s.GarmentSize, s.PriceFen, s.ApprovedPriceFen, s.ReferencePriceFen, s.Stock, s.IsActive,
        [.. s.VolumeTiers.OrderBy(t => t.MinQuantity)], s.LeadTimeDays);

    public SkuInput ToInput() => new(Code, Spec, WeightGrams, BoxSize, GarmentSize, PriceFen, ReferencePriceFen, Stock,
        [.. VolumeTiers.Select(t => new VolumeTierInput(t.MinQuantity, t.PriceFen))], IsActive, LeadTimeDays);
}

/// <summary>An image as its supplier sees it, with the URLs of its own (private) variants.</summary>
public sealed record ListingImageResponse(Guid Id, int Position, string ContentType, int Width, int Height, string Hash, bool IsCover, string DisplayUrl, string ThumbnailUrl);

/// <summary>Everything about one listing; <see cref="Revision"/> is also the ETag that If-Match names.</summary>
public sealed record SupplierListingDetail(
    Guid Id,
    Guid SupplierId,
    string CountyCode,
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
    long MinPriceFen,
    Guid? CoverImageId,
    int Revision,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SubmittedAt,
    DateTime? ReviewedAt,
    DateTime? FirstPublishedAt,
    IReadOnlyList<SkuResponse> Skus,
    IReadOnlyList<ListingImageResponse> Images)
{
    public static SupplierListingDetail Of(Listing l, IReadOnlyList<ListingImageResponse> images) => new(
        l.Id, l.SupplierId, l.CountyCode, l.ProductCode, l.Name, l.Brand, l.Category, l.Description, l.MinimumOrderQuantity, l.ShelfLifeDays,
        l.ShippingRegions, l.Status, l.PublishOnApproval, l.RejectionReason, l.MinPriceFen, l.CoverImageId, l.Revision, l.CreatedAt, l.UpdatedAt,
        l.SubmittedAt, l.ReviewedAt, l.FirstPublishedAt, [.. l.Skus.OrderBy(s => s.Position).Select(SkuResponse.Of)], images);

    /// <summary>The strong entity tag of a revision: <c>"7"</c>.</summary>
    public static string ETagOf(int revision) => "\"" + revision.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
}
