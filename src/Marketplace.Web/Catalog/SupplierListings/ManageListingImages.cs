using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>Which image is the cover.</summary>
public sealed record SetCoverImageRequest(Guid? ImageId);

/// <summary>The bytes of one stored image variant.</summary>
public sealed record ImageBytes(byte[] Content, string ContentType, string Hash);

/// <summary>Removes an image (the next one becomes the cover), picks the cover, and serves a supplier its own images.</summary>
public sealed class ManageListingImages(OwnListings own)
{
    public async Task<ListingOutcome<bool>> RemoveAsync(Guid supplierId, Guid listingId, Guid imageId, CancellationToken cancellationToken = default)
    {
        if (await own.FindAsync(supplierId, listingId, cancellationToken) is not { } listing
            || await own.Db.ListingImages.SingleOrDefaultAsync(i => i.Id == imageId && i.ListingId == listing.Id, cancellationToken) is not { } image)
        {
            return ListingOutcome<bool>.Fail(ListingFailure.NotFound);
        }

        var next = await own.Db.ListingImages.Where(i => i.ListingId == listing.Id && i.Id != imageId)
            .OrderBy(i => i.Position).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);
        own.Db.ListingImages.Remove(image);
        listing.DetachImage(imageId, next, own.Now);
        return await own.SaveAsync(() => true, cancellationToken);
    }

    public async Task<ListingOutcome<bool>> SetCoverAsync(Guid supplierId, Guid listingId, Guid imageId, CancellationToken cancellationToken = default)
    {
        if (await own.FindAsync(supplierId, listingId, cancellationToken) is not { } listing
            || !await own.Db.ListingImages.AnyAsync(i => i.Id == imageId && i.ListingId == listing.Id, cancellationToken))
        {
            return ListingOutcome<bool>.Fail(ListingFailure.NotFound);
        }

        listing.SetCoverImage(imageId, own.Now);
        return await own.SaveAsync(() => true, cancellationToken);
    }

    /// <summary>One variant of an image of this supplier's listing, published or not; null when it is not theirs.</summary>
    public async Task<ImageBytes?> ReadAsync(Guid supplierId, Guid listingId, Guid imageId, ListingImageVariant variant, CancellationToken cancellationToken = default)
    {
        var query = from i in own.Db.ListingImages.AsNoTracking()
                    join l in own.Db.Listings on i.ListingId equals l.Id
                    where i.Id == imageId && l.Id == listingId && l.SupplierId == supplierId
                    select i;
        return variant == ListingImageVariant.Display
            ? await query.Select(i => new ImageBytes(i.Display, i.ContentType, i.Hash)).SingleOrDefaultAsync(cancellationToken)
            : await query.Select(i => new ImageBytes(i.Thumbnail, i.ContentType, i.Hash)).SingleOrDefaultAsync(cancellationToken);
    }
}
