using System.Security.Cryptography;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Suppliers;

/// <summary>An uploaded evidence file, read into memory (it is small: at most <see cref="MaxBytes"/>).</summary>
public sealed record UploadEvidenceRequest(string FileName, byte[] Content)
{
    public const long MaxBytes = 5 * 1024 * 1024;
}

public sealed record EvidenceFileResponse(Guid Id, string FileName, string ContentType, long Length, DateTime UploadedAt);

public enum EvidenceFailure
{
    None,
    SupplierNotFound,
    Empty,
    TooLarge,
    UnsupportedType,
}

public sealed record EvidenceOutcome(EvidenceFileResponse? File, EvidenceFailure Failure, string? Detail);

/// <summary>What a file is, by its first bytes (never by its name or the client's content type).</summary>
public static class EvidenceContent
{
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The media type and file extension of a PDF, JPEG or PNG; null for anything else.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith(Pdf) ? ("application/pdf", ".pdf")
        : content.StartsWith(Png) ? ("image/png", ".png")
        : content.StartsWith(Jpeg) ? ("image/jpeg", ".jpg")
        : null;
}

/// <summary>
/// Stores a supplier's evidence file: checks size and type (by content), writes it under a generated name in
/// <c>{DataDirectory}/evidence/</c>, then saves its metadata and audit entry; a failed save removes the file again.
/// </summary>
public sealed class UploadEvidence(
    MarketplaceDbContext db, AuditLog audit, IOptions<DatabaseOptions> database, IHostEnvironment environment,
    IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const string FolderName = "evidence";

    public string Folder => Path.Combine(Path.GetFullPath(database.Value.DataDirectory, environment.ContentRootPath), FolderName);

    public async Task<EvidenceOutcome> HandleAsync(Guid supplierId, UploadEvidenceRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == supplierId && o.Kind == OrganizationKind.Supplier, cancellationToken))
        {
            return new(null, EvidenceFailure.SupplierNotFound, null);
        }

        if (request.Content.Length == 0)
        {
            return new(null, EvidenceFailure.Empty, l["Evidence.Empty"]);
        }

        if (request.Content.LongLength > UploadEvidenceRequest.MaxBytes)
        {
            return new(null, EvidenceFailure.TooLarge, l["Evidence.TooLarge", UploadEvidenceRequest.MaxBytes / 1024 / 1024]);
        }

        if (EvidenceContent.Sniff(request.Content) is not var (contentType, extension))
        {
            return new(null, EvidenceFailure.UnsupportedType, l["Evidence.UnsupportedType"]);
        }

        var actor = AuditActors.Of(context);
        var now = clock.GetUtcNow().UtcDateTime;
        var file = EvidenceFile.Create(
            supplierId, request.FileName, contentType, extension, request.Content.LongLength,
            Convert.ToHexStringLower(SHA256.HashData(request.Content)), actor.UserId!.Value, now);
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, file.StoredName);
        await File.WriteAllBytesAsync(path, request.Content, cancellationToken);
        try
        {
            db.EvidenceFiles.Add(file);
            audit.Append(actor, AuditActions.EvidenceUploaded, AuditSubjects.EvidenceFile, file.Id.ToString(),
                new { supplierId, fileName = file.FileName, contentType, length = file.Length, sha256 = file.Sha256 });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return new(Response(file), EvidenceFailure.None, null);
    }

    /// <summary>The supplier's files, newest first; null for an unknown supplier.</summary>
    public async Task<IReadOnlyList<EvidenceFileResponse>?> ListAsync(Guid supplierId, CancellationToken cancellationToken = default)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == supplierId && o.Kind == OrganizationKind.Supplier, cancellationToken))
        {
            return null;
        }

        var files = await db.EvidenceFiles.AsNoTracking().Where(e => e.SupplierId == supplierId).ToListAsync(cancellationToken);
        return [.. files.OrderByDescending(f => f.UploadedAt).Select(Response)];
    }

    /// <summary>One file of the supplier with its path on disk; null when it is not theirs or is gone.</summary>
    public async Task<(EvidenceFile File, string Path)?> FindAsync(Guid supplierId, Guid id, CancellationToken cancellationToken = default)
    {
        var file = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.SupplierId == supplierId, cancellationToken);
        if (file is null)
        {
            return null;
        }

        var path = Path.Combine(Folder, file.StoredName);
        return File.Exists(path) ? (file, path) : null;
    }

    public static EvidenceFileResponse Response(EvidenceFile file) => new(file.Id, file.FileName, file.ContentType, file.Length, file.UploadedAt);
}
