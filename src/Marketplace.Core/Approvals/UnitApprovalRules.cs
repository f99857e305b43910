using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Approvals;

public enum ApprovalRulesProblem
{
    None,
    UnitNotFound,
    TooManyLevels,
    ThresholdOutOfRange,
    ThresholdsFall,
    NotAnApproverRole,
}

/// <summary>Reads and replaces a unit's approval rules; each replacement is one audit entry with the levels before and after.</summary>
public sealed class UnitApprovalRules(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApprovalLevel>> ListAsync(Guid unitId, CancellationToken cancellationToken) =>
        await db.Set<ApprovalLevel>().AsNoTracking().Where(l => l.UnitId == unitId).OrderBy(l => l.Level).ToListAsync(cancellationToken);

    /// <summary>What is wrong with <paramref name="levels"/>, checked before anything is stored.</summary>
    public static ApprovalRulesProblem Check(IReadOnlyList<ApprovalLevelDraft> levels)
    {
        if (levels.Count > ApprovalLevel.MaxLevels)
        {
            return ApprovalRulesProblem.TooManyLevels;
        }

        if (levels.Any(l => l.ThresholdFen is < 0 or > ApprovalLevel.MaxThresholdFen))
        {
            return ApprovalRulesProblem.ThresholdOutOfRange;
        }

        if (levels.Zip(levels.Skip(1)).Any(p => p.Second.ThresholdFen < p.First.ThresholdFen))
        {
            return ApprovalRulesProblem.ThresholdsFall;
        }

        return levels.All(l => ApprovalLevel.ApproverRoles.Contains(l.ApproverRole)) ? ApprovalRulesProblem.None : ApprovalRulesProblem.NotAnApproverRole;
    }

    /// <summary>Replaces the unit's levels (none: its orders need no approval). Orders already waiting keep the rules they were placed under.</summary>
    public async Task<ApprovalRulesProblem> SetAsync(Guid unitId, IReadOnlyList<ApprovalLevelDraft> levels, AuditActor actor, CancellationToken cancellationToken)
    {
        var problem = Check(levels);
        if (problem != ApprovalRulesProblem.None)
        {
            return problem;
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == unitId && o.Kind == OrganizationKind.MemberUnit, cancellationToken))
        {
            return ApprovalRulesProblem.UnitNotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await db.Set<ApprovalLevel>().Where(l => l.UnitId == unitId).OrderBy(l => l.Level).ToListAsync(cancellationToken);
        db.Set<ApprovalLevel>().RemoveRange(before);
        // The removals go first: a level number is the key, and the new rows reuse it.
        await db.SaveChangesAsync(cancellationToken);
        db.Set<ApprovalLevel>().AddRange(levels.Select((l, i) => new ApprovalLevel(unitId, i + 1, l.ThresholdFen, l.ApproverRole, now)));
        new AuditLog(db, clock).Append(actor, AuditActions.ApprovalRulesSet, AuditSubjects.Organization, unitId.ToString(), new
        {
            before = before.Select(l => new { l.ThresholdFen, role = l.ApproverRole.ToString() }),
            after = levels.Select(l => new { l.ThresholdFen, role = l.ApproverRole.ToString() }),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ApprovalRulesProblem.None;
    }
}
