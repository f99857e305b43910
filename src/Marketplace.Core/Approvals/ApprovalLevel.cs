using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Approvals;

/// <summary>
/// One level of a unit's approval rules (审批规则): a unit order whose total is at or above <see cref="ThresholdFen"/> needs a
/// holder of <see cref="ApproverRole"/> to agree at this level. Levels are decided in order, 1 first; thresholds never
/// fall from one level to the next, so the levels an order needs are always the first few.
/// </summary>
public sealed class ApprovalLevel
{
    public const int MaxLevels = 5;
    public const long MaxThresholdFen = 100_000_000_000;

    /// <summary>The roles a unit may name as approvers. Employees and purchasers order; they do not approve.</summary>
    public static readonly IReadOnlyList<OrganizationRole> ApproverRoles =
        [OrganizationRole.UnitApprover, OrganizationRole.UnitFinance, OrganizationRole.UnitAdmin];

    private ApprovalLevel()
    {
    }

    internal ApprovalLevel(Guid unitId, int level, long thresholdFen, OrganizationRole approverRole, DateTime now)
    {
        UnitId = unitId;
        Level = level;
        ThresholdFen = thresholdFen;
        ApproverRole = approverRole;
        UpdatedAt = now;
    }

    public Guid UnitId { get; private set; }

    /// <summary>1 for the first decision, then 2, …</summary>
    public int Level { get; private set; }

    public long ThresholdFen { get; private set; }

    public OrganizationRole ApproverRole { get; private set; }

    public DateTime UpdatedAt { get; private set; }
}

/// <summary>A level as a unit admin sets it.</summary>
public sealed record ApprovalLevelDraft(long ThresholdFen, OrganizationRole ApproverRole);

internal sealed class ApprovalLevelConfiguration : IEntityTypeConfiguration<ApprovalLevel>
{
    public void Configure(EntityTypeBuilder<ApprovalLevel> builder)
    {
        builder.ToTable("approval_levels");
        builder.HasKey(l => new { l.UnitId, l.Level });
        builder.Property(l => l.ApproverRole).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Organization>().WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
