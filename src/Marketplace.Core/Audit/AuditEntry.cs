using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Audit;

/// <summary>
/// One security-relevant action: who (user and their organization, none for an anonymous caller), what (a stable
/// action code and its subject), when (UTC) and from where. Entries are only ever added, never changed.
/// </summary>
public sealed class AuditEntry
{
    public const int ActionMaxLength = 64;
    public const int SubjectTypeMaxLength = 64;
    public const int SubjectIdMaxLength = 128;
    public const int DetailsMaxLength = 4000;
    public const int IpAddressMaxLength = 64;

    private AuditEntry()
    {
    }

    internal AuditEntry(
        DateTime at, Guid? actorUserId, Guid? actorOrganizationId, string action, string subjectType, string subjectId, string? details, string? ipAddress)
    {
        Id = Guid.CreateVersion7(at);
        At = at;
        ActorUserId = actorUserId;
        ActorOrganizationId = actorOrganizationId;
        Action = action;
        SubjectType = subjectType;
        SubjectId = subjectId;
        Details = details;
        IpAddress = ipAddress;
    }

    public Guid Id { get; private set; }

    public DateTime At { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public Guid? ActorOrganizationId { get; private set; }

    /// <summary>A code from <see cref="AuditActions"/>; clients and reports may switch on it.</summary>
    public string Action { get; private set; } = "";

    public string SubjectType { get; private set; } = "";

    public string SubjectId { get; private set; } = "";

    /// <summary>A small JSON object, or null.</summary>
    public string? Details { get; private set; }

    public string? IpAddress { get; private set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        builder.Property(e => e.SubjectType).HasMaxLength(AuditEntry.SubjectTypeMaxLength);
        builder.Property(e => e.SubjectId).HasMaxLength(AuditEntry.SubjectIdMaxLength);
        builder.Property(e => e.Details).HasMaxLength(AuditEntry.DetailsMaxLength);
        builder.Property(e => e.IpAddress).HasMaxLength(AuditEntry.IpAddressMaxLength);
        builder.HasIndex(e => new { e.At, e.Id });
        builder.HasIndex(e => new { e.Action, e.At });
    }
}
