using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>An uploaded picture, read into memory (at most <see cref="ListingImageProcessor.MaxBytes"/>).</summary>
public sealed record UploadListingImageRequest(byte[] Content);

/// <summary>
/// Adds a picture to a listing: checked by content and pixel count, re-encoded at display and thumbnail size, stored in
/// the database; the first one becomes the cover. At most <see cref="Listing.MaxImages"/> per listing.
/// </summary>
public sealed class UploadListingImage(OwnListings own, ReadSupplierListings read, IStringLocalizer<SharedResource> l)
{
    public async Task<ListingOutcome<ListingImageResponse>> HandleAsync(
        Guid supplierId, Guid listingId, UploadListingImageRequest request, CancellationToken cancellationToken = default)
    {
        if (await own.FindAsync(supplierId, listingId, cancellationToken) is not { } listing)
        {
            return ListingOutcome<ListingImageResponse>.Fail(ListingFailure.NotFound);
        }

        if (request.Content.Length == 0)
        {
            return ListingOutcome<ListingImageResponse>.Invalid("file", l["Image.Empty"]);
        }

        if (request.Content.LongLength > ListingImageProcessor.MaxBytes)
        {
            return ListingOutcome<ListingImageResponse>.Fail(ListingFailure.TooLarge, l["Image.TooLarge", ListingImageProcessor.MaxBytes / 1024 / 1024]);
        }

        var count = await own.Db.ListingImages.CountAsync(i => i.ListingId == listing.Id, cancellationToken);
        if (count >= Listing.MaxImages)
        {
            return ListingOutcome<ListingImageResponse>.Fail(ListingFailure.Conflict, l["Listing.TooManyImages", Listing.MaxImages]);
        }

        var (check, processed) = ListingImageProcessor.Process(request.Content);
        switch (check)
        {
            case ImageCheck.NotAnImage:
                return ListingOutcome<ListingImageResponse>.Fail(ListingFailure.UnsupportedMediaType, l["Image.UnsupportedType"]);
            case ImageCheck.TooManyPixels:
                return ListingOutcome<ListingImageResponse>.Invalid("file", l["Image.TooManyPixels", ListingImageProcessor.MaxPixels / 1_000_000]);
            case ImageCheck.Damaged:
                return ListingOutcome<ListingImageResponse>.Invalid("file", l["Image.Damaged"]);
        }

        var now = own.Now;
        var position = count == 0 ? 0 : await own.Db.ListingImages.Where(i => i.ListingId == listing.Id).MaxAsync(i => i.Position, cancellationToken) + 1;
        var image = new ListingImage(listing.Id, position, processed!.ContentType, processed.Width, processed.Height, processed.Display, processed.Thumbnail, processed.Hash, now);
        try
        {
            listing.AttachImage(image.Id, count, now);
        }
        catch (CatalogRuleException exception)
        {
            return ListingRuleMessages.Outcome<ListingImageResponse>(exception, listing.Status, l, "file");
        }

        own.Db.ListingImages.Add(image);
        return await own.SaveAsync(() => new ListingImageResponse(
            image.Id, image.Position, image.ContentType, image.Width, image.Height, image.Hash, listing.CoverImageId == image.Id,
            ReadSupplierListings.ImageUrl(listing, image.Id, ListingImageVariant.Display),
            ReadSupplierListings.ImageUrl(listing, image.Id, ListingImageVariant.Thumbnail)), cancellationToken);
    }

    /// <summary>The listing's images after a change, for the pages.</summary>
    public async Task<IReadOnlyList<ListingImageResponse>> ImagesAsync(Listing listing, CancellationToken cancellationToken) =>
        await read.ImagesAsync(listing, cancellationToken);
}
