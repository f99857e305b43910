using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Organizations;

/// <summary>
/// The group, a member unit (成员单位) or a supplier (供应商). Member units form a tree of any depth under the
/// group; the group and suppliers have no parent. Every rename and move closes the current
/// <see cref="OrganizationVersion"/> and opens a new one, so history is never overwritten.
/// </summary>
public sealed class Organization
{
    public const int NameMaxLength = 200;
    public const int ShortNameMaxLength = 100;

    private readonly List<OrganizationVersion> _versions = [];

    private Organization()
    {
    }

    private Organization(OrganizationKind kind, string name, string? shortName, Guid? parentId, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        Kind = kind;
        Name = ValidName(name);
        ShortName = ValidShortName(shortName);
        ParentId = parentId;
        CreatedAt = now;
        _versions.Add(new OrganizationVersion(Id, Name, ParentId, now));
    }

    public Guid Id { get; private set; }

    public OrganizationKind Kind { get; private set; }

    /// <summary>The Chinese name, e.g. 长安汽车.</summary>
    public string Name { get; private set; } = "";

    /// <summary>An optional short English name, e.g. Changan.</summary>
    public string? ShortName { get; private set; }

    public Guid? ParentId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Name and parent over time; load them (Include) before renaming or moving.</summary>
    public IReadOnlyList<OrganizationVersion> Versions => _versions;

    public static Organization CreateGroup(string name, string? shortName, DateTime now) =>
        new(OrganizationKind.Group, name, shortName, null, now);

    public static Organization CreateSupplier(string name, string? shortName, DateTime now) =>
        new(OrganizationKind.Supplier, name, shortName, null, now);

    public static Organization CreateMemberUnit(string name, string? shortName, Organization parent, DateTime now)
    {
        EnsureCanParentUnits(parent);
        return new(OrganizationKind.MemberUnit, name, shortName, parent.Id, now);
    }

    /// <summary>The version in force at <paramref name="at"/> (UTC), or null before the organization existed.</summary>
    public OrganizationVersion? VersionAt(DateTime at) => _versions.SingleOrDefault(v => v.CoversInstant(at));

    public void Rename(string name, string? shortName, DateTime now)
    {
        var validName = ValidName(name);
        ShortName = ValidShortName(shortName);
        if (validName == Name)
        {
            return;
        }

        Name = validName;
        OpenVersion(now);
    }

    /// <summary>
    /// Moves a member unit under <paramref name="parent"/>. <paramref name="parentPath"/> is the ids from the new
    /// parent up to the root (the parent first); a path through this unit would make a cycle and is refused.
    /// </summary>
    public void MoveTo(Organization parent, IReadOnlyCollection<Guid> parentPath, DateTime now)
    {
        if (Kind != OrganizationKind.MemberUnit)
        {
            throw new OrganizationRuleException($"Only member units move; '{Name}' is a {Kind}.");
        }

        EnsureCanParentUnits(parent);
        if (parent.Id == Id || parentPath.Contains(Id))
        {
            throw new OrganizationRuleException($"Moving '{Name}' under '{parent.Name}' would make a cycle.");
        }

        if (parent.Id == ParentId)
        {
            return;
        }

        ParentId = parent.Id;
        OpenVersion(now);
    }

    private void OpenVersion(DateTime now)
    {
        var current = _versions.SingleOrDefault(v => v.IsCurrent)
            ?? throw new InvalidOperationException($"The versions of organization {Id} are not loaded.");
        if (now < current.ValidFrom)
        {
            throw new OrganizationRuleException($"A change at {now:O} would precede the current version of '{Name}'.");
        }

        current.Close(now);
        _versions.Add(new OrganizationVersion(Id, Name, ParentId, now));
    }

    private static void EnsureCanParentUnits(Organization parent)
    {
        if (parent.Kind == OrganizationKind.Supplier)
        {
            throw new OrganizationRuleException($"A member unit cannot be placed under the supplier '{parent.Name}'.");
        }
    }

    private static string ValidName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > NameMaxLength)
        {
            throw new OrganizationRuleException($"An organization's name must have 1 to {NameMaxLength} characters.");
        }

        return trimmed;
    }

    private static string? ValidShortName(string? shortName)
    {
        var trimmed = shortName?.Trim();
        if (trimmed is { Length: > ShortNameMaxLength })
        {
            throw new OrganizationRuleException($"A short name must have at most {ShortNameMaxLength} characters.");
        }

        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.Name).HasMaxLength(Organization.NameMaxLength);
        builder.Property(o => o.ShortName).HasMaxLength(Organization.ShortNameMaxLength);
        builder.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => o.Kind).IsUnique().HasFilter("kind = 'Group'").HasDatabaseName("ix_organizations_single_group");
        builder.HasMany(o => o.Versions).WithOne().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Versions).HasField("_versions").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
