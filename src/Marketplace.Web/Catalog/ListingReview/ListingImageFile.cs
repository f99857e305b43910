using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Catalog.ListingReview;

/// <summary>The bytes of one stored size of a listing's image.</summary>
public sealed record ListingImageFile(byte[] Content, string ContentType, string Hash);

/// <summary>
/// A listing's image for operators, whatever the listing's status (a submitted one is not public yet): the display
/// size or the thumbnail, re-encoded at upload and stored in the database.
/// </summary>
public sealed class ListingImageForReview(MarketplaceDbContext db)
{
    public const string Display = "display";
    public const string Thumbnail = "thumbnail";

    public async Task<ListingImageFile?> FindAsync(Guid listingId, Guid imageId, string variant, CancellationToken cancellationToken = default)
    {
        var query = db.ListingImages.Where(i => i.Id == imageId && i.ListingId == listingId);
        return variant switch
        {
            Display => await query.Select(i => new ListingImageFile(i.Display, i.ContentType, i.Hash)).SingleOrDefaultAsync(cancellationToken),
            Thumbnail => await query.Select(i => new ListingImageFile(i.Thumbnail, i.ContentType, i.Hash)).SingleOrDefaultAsync(cancellationToken),
            _ => null,
        };
    }
}
