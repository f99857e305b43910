using Marketplace.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Organizations;

/// <summary>
/// A user's place in one organization, with one or more roles there. A user has at most one membership (the
/// database enforces it); a user without one is a member of the public (社会公众).
/// </summary>
public sealed class Membership
{
    private readonly List<MembershipRole> _roles = [];

    private Membership()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<MembershipRole> Roles => _roles;

    public bool Has(OrganizationRole role) => _roles.Any(r => r.Role == role);

    /// <summary>Refuses an empty set of roles and any role that does not fit the organization's kind.</summary>
    public static Membership Create(Guid userId, Organization organization, IEnumerable<OrganizationRole> roles, DateTime now)
    {
        var membership = new Membership
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            OrganizationId = organization.Id,
            CreatedAt = now,
        };
        foreach (var role in roles.Distinct())
        {
            membership.Grant(organization, role);
        }

        if (membership._roles.Count == 0)
        {
            throw new OrganizationRuleException("A membership needs at least one role.");
        }

        return membership;
    }

    public void Grant(Organization organization, OrganizationRole role)
    {
        if (organization.Id != OrganizationId)
        {
            throw new ArgumentException("The organization is not this membership's.", nameof(organization));
        }

        if (!role.FitsKind(organization.Kind))
        {
            throw new OrganizationRuleException(
                $"The role {role} belongs in a {role.RequiredKind()}, not in '{organization.Name}' ({organization.Kind}).");
        }

        if (!Has(role))
        {
            _roles.Add(new MembershipRole(Id, role));
        }
    }
}

/// <summary>One role of a membership; stored as its name.</summary>
public sealed class MembershipRole
{
    internal MembershipRole(Guid membershipId, OrganizationRole role)
    {
        MembershipId = membershipId;
        Role = role;
    }

    public Guid MembershipId { get; private set; }

    public OrganizationRole Role { get; private set; }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasIndex(m => m.UserId).IsUnique();
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Roles).WithOne().HasForeignKey(r => r.MembershipId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Roles).HasField("_roles").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MembershipRoleConfiguration : IEntityTypeConfiguration<MembershipRole>
{
    public void Configure(EntityTypeBuilder<MembershipRole> builder)
    {
        builder.ToTable("membership_roles");
        builder.HasKey(r => new { r.MembershipId, r.Role });
        builder.Property(r => r.Role).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(r => r.Role);
    }
}
