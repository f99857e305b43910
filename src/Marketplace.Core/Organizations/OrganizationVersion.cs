using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Organizations;

/// <summary>
/// An organization's name and parent during [<see cref="ValidFrom"/>, <see cref="ValidTo"/>) in UTC; the current
/// version has no end. Statistics attribute a purchase to the unit as it was at the moment of the purchase.
/// </summary>
public sealed class OrganizationVersion
{
    private OrganizationVersion()
    {
    }

    internal OrganizationVersion(Guid organizationId, string name, Guid? parentId, DateTime validFrom)
    {
        Id = Guid.CreateVersion7(validFrom);
        OrganizationId = organizationId;
        Name = name;
        ParentId = parentId;
        ValidFrom = validFrom;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; } = "";

    public Guid? ParentId { get; private set; }

    /// <summary>Inclusive, UTC.</summary>
    public DateTime ValidFrom { get; private set; }

    /// <summary>Exclusive, UTC; null while this is the current version.</summary>
    public DateTime? ValidTo { get; private set; }

    public bool IsCurrent => ValidTo is null;

    public bool CoversInstant(DateTime at) => ValidFrom <= at && (ValidTo is null || at < ValidTo);

    internal void Close(DateTime at) => ValidTo = at;
}

internal sealed class OrganizationVersionConfiguration : IEntityTypeConfiguration<OrganizationVersion>
{
    public void Configure(EntityTypeBuilder<OrganizationVersion> builder)
    {
        builder.ToTable("organization_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Name).HasMaxLength(Organization.NameMaxLength);
        builder.Ignore(v => v.IsCurrent);
        builder.HasIndex(v => new { v.OrganizationId, v.ValidFrom });
        // At most one open version per organization.
        builder.HasIndex(v => v.OrganizationId).IsUnique().HasFilter("valid_to IS NULL")
            .HasDatabaseName("ix_organization_versions_current");
        builder.HasOne<Organization>().WithMany().HasForeignKey(v => v.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
