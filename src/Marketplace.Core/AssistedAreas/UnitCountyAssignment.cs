using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.AssistedAreas;

/// <summary>
/// A member unit assists a county, with a type of assistance, from one date to another (inclusive; no end: still
/// in force). Ending an assignment sets its end date; nothing is deleted.
/// </summary>
public sealed class UnitCountyAssignment
{
    private UnitCountyAssignment()
    {
    }

    public Guid Id { get; private set; }

    public Guid UnitId { get; private set; }

    public string CountyCode { get; private set; } = "";

    public AssistanceType AssistanceType { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static UnitCountyAssignment Create(Organization unit, County county, AssistanceType type, DateOnly validFrom, DateOnly? validTo, DateTime now)
    {
        if (unit.Kind != OrganizationKind.MemberUnit)
        {
            throw new OrganizationRuleException($"'{unit.Name}' is not a member unit.");
        }

        if (validTo is { } to && to < validFrom)
        {
            throw new OrganizationRuleException("An assignment cannot end before it starts.");
        }

        return new UnitCountyAssignment
        {
            Id = Guid.CreateVersion7(now),
            UnitId = unit.Id,
            CountyCode = county.Code,
            AssistanceType = type,
            ValidFrom = validFrom,
            ValidTo = validTo,
            CreatedAt = now,
        };
    }

    public bool CoversDate(DateOnly date) => ValidFrom <= date && (ValidTo is not { } to || date <= to);

    public void End(DateOnly validTo)
    {
        if (validTo < ValidFrom)
        {
            throw new OrganizationRuleException("An assignment cannot end before it starts.");
        }

        ValidTo = validTo;
    }
}

internal sealed class UnitCountyAssignmentConfiguration : IEntityTypeConfiguration<UnitCountyAssignment>
{
    public void Configure(EntityTypeBuilder<UnitCountyAssignment> builder)
    {
        builder.ToTable("unit_county_assignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.CountyCode).HasMaxLength(County.CodeLength).IsFixedLength();
        builder.Property(a => a.AssistanceType).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(a => new { a.CountyCode, a.UnitId });
        builder.HasIndex(a => a.UnitId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<County>().WithMany().HasForeignKey(a => a.CountyCode).OnDelete(DeleteBehavior.Restrict);
    }
}
