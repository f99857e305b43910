using Marketplace.Core.Approvals;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// 长安汽车's approval rules (审批规则): a unit order from ¥5,000 needs the unit's approver (审批人 王芳), from ¥50,000
/// finance (财务 赵静) as a second level. Set by the unit admin through <see cref="UnitApprovalRules"/>, as a person would,
/// so the audit log has it; a unit with rules of its own already is left alone. 嘉陵特装 has nobody who could approve,
/// so it gets none.
/// </summary>
public static class DemoApprovals
{
    public const long ApproverFromFen = 500_000;
    public const long FinanceFromFen = 5_000_000;

    public static readonly IReadOnlyList<ApprovalLevelDraft> ChanganLevels =
    [
        new(ApproverFromFen, OrganizationRole.UnitApprover),
        new(FinanceFromFen, OrganizationRole.UnitFinance),
    ];

    /// <summary>Returns how many units it gave rules (0 or 1).</summary>
    public static async Task<int> SeedAsync(MarketplaceDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var unit = await db.Organizations.FirstOrDefaultAsync(o => o.Name == DemoAccounts.Changan && o.Kind == OrganizationKind.MemberUnit, cancellationToken);
        if (unit is null || await db.Set<ApprovalLevel>().AnyAsync(l => l.UnitId == unit.Id, cancellationToken))
        {
            return 0;
        }

        var admin = await db.Memberships.Where(m => m.OrganizationId == unit.Id && m.Roles.Any(r => r.Role == OrganizationRole.UnitAdmin))
            .Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(cancellationToken);
        var problem = await new UnitApprovalRules(db, clock).SetAsync(unit.Id, ChanganLevels, new AuditActor(admin, unit.Id, null), cancellationToken);
        return problem == ApprovalRulesProblem.None ? 1 : throw new InvalidOperationException($"The demo approval rules were refused: {problem}.");
    }
}
