using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Catalog;

/// <summary>
/// A listing's picture, stored re-encoded (never as uploaded) in the database so that every web host serves it: a
/// display size and a thumbnail. <see cref="Hash"/> goes into its URL, so a served image can be cached for ever.
/// </summary>
public sealed class ListingImage
{
    public const int ContentTypeMaxLength = 32;
    public const int HashLength = 16;

    private ListingImage()
    {
    }

    public ListingImage(Guid listingId, int position, string contentType, int width, int height, byte[] display, byte[] thumbnail, string hash, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        ListingId = listingId;
        Position = position;
        ContentType = contentType;
        Width = width;
        Height = height;
        Display = display;
        Thumbnail = thumbnail;
        Hash = hash;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid ListingId { get; private set; }

    public int Position { get; private set; }

    public string ContentType { get; private set; } = "";

    public int Width { get; private set; }

    public int Height { get; private set; }

    public byte[] Display { get; private set; } = [];

    public byte[] Thumbnail { get; private set; } = [];

    /// <summary>Hex of the first bytes of the display image's SHA-256.</summary>
    public string Hash { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public void MoveTo(int position) => Position = position;
}

internal sealed class ListingImageConfiguration : IEntityTypeConfiguration<ListingImage>
{
    public void Configure(EntityTypeBuilder<ListingImage> builder)
    {
        builder.ToTable("listing_images");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.ContentType).HasMaxLength(ListingImage.ContentTypeMaxLength);
        builder.Property(i => i.Hash).HasMaxLength(ListingImage.HashLength);
        builder.HasIndex(i => new { i.ListingId, i.Position });
        builder.HasOne<Listing>().WithMany().HasForeignKey(i => i.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}
