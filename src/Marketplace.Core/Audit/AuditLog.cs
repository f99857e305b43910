using System.Text.Json;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Audit;

/// <summary>Who is acting: a signed-in user (with their organization, if any) or nobody, and from which address.</summary>
public sealed record AuditActor(Guid? UserId, Guid? OrganizationId, string? IpAddress)
{
    public static AuditActor Anonymous(string? ipAddress) => new(null, null, ipAddress);
}

/// <summary>
/// Appends entries to the caller's <see cref="MarketplaceDbContext"/>: they are saved with the caller's change, in
/// its transaction, so an action that is rolled back leaves no entry and a saved one always has its entry.
/// </summary>
public sealed class AuditLog(MarketplaceDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public AuditEntry Append(AuditActor actor, string action, string subjectType, string subjectId, object? details = null)
    {
        var json = details is null ? null : JsonSerializer.Serialize(details, DetailsJson);
        if (json is { Length: > AuditEntry.DetailsMaxLength })
        {
            throw new ArgumentException($"Audit details are limited to {AuditEntry.DetailsMaxLength} characters.", nameof(details));
        }

        var entry = new AuditEntry(
            clock.GetUtcNow().UtcDateTime, actor.UserId, actor.OrganizationId, action, subjectType, subjectId, json, Truncate(actor.IpAddress));
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    /// <summary>Appends and saves at once, for actions that change nothing else (a failed sign-in).</summary>
    public async Task RecordAsync(AuditActor actor, string action, string subjectType, string subjectId, object? details = null, CancellationToken cancellationToken = default)
    {
        Append(actor, action, subjectType, subjectId, details);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The organization of <paramref name="userId"/>'s membership, for the actor of an entry.</summary>
    public Task<Guid?> OrganizationOfAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Memberships.Where(m => m.UserId == userId).Select(m => (Guid?)m.OrganizationId).SingleOrDefaultAsync(cancellationToken);

    private static string? Truncate(string? ip) => ip is { Length: > AuditEntry.IpAddressMaxLength } ? ip[..AuditEntry.IpAddressMaxLength] : ip;
}
