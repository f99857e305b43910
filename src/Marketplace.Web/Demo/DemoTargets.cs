using Marketplace.Core.Assistance;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Assistance;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// Units' yearly assistance-purchase targets (DOMAIN.md rule 7), set by the demo operator through <see cref="SetUnitTarget"/>
/// as on /operator/targets: for the story year a fixed amount the unit passed, a share of a canteen's food spending and
/// one not started; for other years smaller ones. A unit that has a target for the year keeps it.
/// </summary>
public static class DemoTargets
{
    private static readonly LedgerChannel[] GroupMoney = [LedgerChannel.UnitCollective, LedgerChannel.Welfare];

    private static readonly (string Unit, SetUnitTargetRequest Rule)[] StoryYear =
    [
        (DemoAccounts.Changan, new(TargetBasis.FixedAmount, 800_000_000, null, null, GroupMoney, [AssistanceMeasure.DirectPurchase])),
        (DemoAccounts.Jialing, new(TargetBasis.ShareOfBase, null, 4_000_000_000, 1_000, [LedgerChannel.EmployeePersonal, LedgerChannel.Welfare], [AssistanceMeasure.DirectPurchase, AssistanceMeasure.HelpSell])),
        ("南方资产", new(TargetBasis.FixedAmount, 50_000_000, null, null, GroupMoney, [AssistanceMeasure.DirectPurchase])),
    ];

    private static readonly (string Unit, SetUnitTargetRequest Rule)[] OtherYears =
    [
        (DemoAccounts.Changan, new(TargetBasis.FixedAmount, 100_000_000, null, null, GroupMoney, [AssistanceMeasure.DirectPurchase])),
        (DemoAccounts.Jialing, new(TargetBasis.ShareOfBase, null, 300_000_000, 1_000, GroupMoney, [AssistanceMeasure.DirectPurchase])),
        ("南方资产", new(TargetBasis.FixedAmount, 20_000_000, null, null, GroupMoney, [AssistanceMeasure.DirectPurchase, AssistanceMeasure.HelpSell])),
    ];

    /// <summary>Returns how many targets it set for <paramref name="year"/>.</summary>
    public static async Task<int> SeedAsync(IServiceProvider services, int year, CancellationToken cancellationToken = default)
    {
        var db = services.GetRequiredService<MarketplaceDbContext>();
        var operatorId = await db.Users.Where(u => u.Email == DemoAccounts.OperatorEmail).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        if (operatorId is null)
        {
            return 0;
        }

        var rules = year == DemoHistory.Year ? StoryYear : OtherYears;
        var names = rules.Select(r => r.Unit).ToList();
        var units = await db.Organizations.Where(o => o.Kind == OrganizationKind.MemberUnit && names.Contains(o.Name)).ToDictionaryAsync(o => o.Name, o => o.Id, cancellationToken);
        var set = await db.UnitTargets.Where(t => t.Year == year).Select(t => t.UnitId).ToListAsync(cancellationToken);
        var handler = services.GetRequiredService<SetUnitTarget>();
        var added = 0;
        foreach (var (unit, rule) in rules)
        {
            if (units.TryGetValue(unit, out var unitId) && !set.Contains(unitId)
                && (await handler.HandleAsync(unitId, year, rule, new AuditActor(operatorId, null, null), cancellationToken)).Failure == SetTargetFailure.None)
            {
                added++;
            }
        }

        return added;
    }
}
