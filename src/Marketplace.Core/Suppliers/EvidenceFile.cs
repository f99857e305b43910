using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Suppliers;

/// <summary>
/// A licence or evidence file a supplier uploaded for its certification. The bytes are stored on disk under a
/// generated name (<see cref="StoredName"/>), never the client's; the client's name is kept only as metadata.
/// </summary>
public sealed class EvidenceFile
{
    public const int FileNameMaxLength = 255;
    public const int ContentTypeMaxLength = 64;
    public const int StoredNameMaxLength = 64;

    private EvidenceFile()
    {
    }

    public Guid Id { get; private set; }

    public Guid SupplierId { get; private set; }

    /// <summary>The name the client gave, for display and download only.</summary>
    public string FileName { get; private set; } = "";

    /// <summary>The media type found by sniffing the content: application/pdf, image/jpeg or image/png.</summary>
    public string ContentType { get; private set; } = "";

    public long Length { get; private set; }

    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public string Sha256 { get; private set; } = "";

    /// <summary>The generated file name on disk, in the evidence folder.</summary>
    public string StoredName { get; private set; } = "";

    public DateTime UploadedAt { get; private set; }

    public Guid UploadedByUserId { get; private set; }

    public static EvidenceFile Create(Guid supplierId, string fileName, string contentType, string extension, long length, string sha256, Guid uploadedBy, DateTime now)
    {
        var id = Guid.CreateVersion7(now);
        var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        if (name.Length > FileNameMaxLength)
        {
            name = name[^FileNameMaxLength..];
        }

        return new EvidenceFile
        {
            Id = id,
            SupplierId = supplierId,
            FileName = name.Length == 0 ? id.ToString("N") + extension : name,
            ContentType = contentType,
            Length = length,
            Sha256 = sha256,
            StoredName = id.ToString("N") + extension,
            UploadedAt = now,
            UploadedByUserId = uploadedBy,
        };
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ToTable("evidence_files");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.FileName).HasMaxLength(EvidenceFile.FileNameMaxLength);
        builder.Property(e => e.ContentType).HasMaxLength(EvidenceFile.ContentTypeMaxLength);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.StoredName).HasMaxLength(EvidenceFile.StoredNameMaxLength);
        builder.HasIndex(e => e.StoredName).IsUnique();
        builder.HasIndex(e => new { e.SupplierId, e.UploadedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}
