using Marketplace.Core.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>The supplier's own listings in every status, and one listing in full.</summary>
public sealed class ReadSupplierListings(OwnListings own)
{
    public async Task<IReadOnlyList<SupplierListingSummary>> ListAsync(Guid supplierId, CancellationToken cancellationToken = default) =>
        await own.Db.Listings.AsNoTracking()
            .Where(l => l.SupplierId == supplierId)
            .OrderByDescending(l => l.UpdatedAt)
            .Select(l => new SupplierListingSummary(
                l.Id, l.ProductCode, l.Name, l.Brand, l.Category, l.Status, l.RejectionReason, l.MinPriceFen,
                l.Skus.SelectMany(s => s.StockSlots).Sum(p => (long)p.Pieces), l.Skus.Count, l.CoverImageId, l.Revision, l.UpdatedAt))
            .ToListAsync(cancellationToken);

    public async Task<SupplierListingDetail?> GetAsync(Guid supplierId, Guid listingId, CancellationToken cancellationToken = default)
    {
        var listing = await own.Db.Listings.AsNoTracking().Include(l => l.Skus)
            .SingleOrDefaultAsync(l => l.Id == listingId && l.SupplierId == supplierId, cancellationToken);
        return listing is null ? null : SupplierListingDetail.Of(listing, await ImagesAsync(listing, cancellationToken));
    }

    /// <summary>The listing's images without their bytes, in order.</summary>
    public async Task<IReadOnlyList<ListingImageResponse>> ImagesAsync(Listing listing, CancellationToken cancellationToken = default)
    {
        var rows = await own.Db.ListingImages.AsNoTracking().Where(i => i.ListingId == listing.Id)
            .OrderBy(i => i.Position)
            .Select(i => new { i.Id, i.Position, i.ContentType, i.Width, i.Height, i.Hash })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(i => new ListingImageResponse(
            i.Id, i.Position, i.ContentType, i.Width, i.Height, i.Hash, i.Id == listing.CoverImageId,
            ImageUrl(listing, i.Id, ListingImageVariant.Display), ImageUrl(listing, i.Id, ListingImageVariant.Thumbnail)))];
    }

    public static string ImageUrl(Listing listing, Guid imageId, ListingImageVariant variant) =>
        $"{SupplierListingsApi.Prefix.Replace("{supplierId:guid}", listing.SupplierId.ToString(), StringComparison.Ordinal)}/{listing.Id}/images/{imageId}/{variant.ToString().ToLowerInvariant()}";
}

/// <summary>The two sizes an image is stored in.</summary>
public enum ListingImageVariant
{
    Display,
    Thumbnail,
}
