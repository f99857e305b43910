using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// A welfare programme for each demo unit, granted to its employees: 长安汽车's buys the two designated counties'
/// products, 嘉陵特装's Xinjiang and Tibet products. Valid from the day it is seeded for 90 days; a unit that has a
/// programme of that name already gets nothing new.
/// </summary>
public static class DemoWelfare
{
    public const int ValidDays = 90;

    public static readonly IReadOnlyList<(string Unit, string Name, long AmountFen, WelfareEligibility Eligibility)> All =
    [
        (DemoAccounts.Changan, "中秋职工福利", 30_000, new WelfareEligibility([CountySeed.Yanshan, CountySeed.Luxi], [], [])),
        (DemoAccounts.Jialing, "职工福利（新疆西藏特色产品）", 20_000, new WelfareEligibility([], [AssistedRegion.Xinjiang, AssistedRegion.Tibet], [])),
    ];

    /// <summary>Adds and grants the missing programmes; returns how many it added.</summary>
    public static async Task<int> SeedAsync(MarketplaceDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaCalendar.DateOf(now);
        var added = 0;
        foreach (var (unitName, name, amountFen, eligibility) in All)
        {
            var unit = await db.Organizations.FirstOrDefaultAsync(o => o.Name == unitName && o.Kind == OrganizationKind.MemberUnit, cancellationToken);
            if (unit is null || await db.WelfareProgrammes.AnyAsync(p => p.UnitId == unit.Id && p.Name == name, cancellationToken))
            {
                continue;
            }

            var employees = await WelfareGrants.EmployeesAsync(db, unit.Id, cancellationToken);
            if (employees.Count == 0)
            {
                continue;
            }

            var manager = await db.Memberships.Where(m => m.OrganizationId == unit.Id
                    && m.Roles.Any(r => r.Role == OrganizationRole.UnitAdmin || r.Role == OrganizationRole.UnitFinance))
                .Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(cancellationToken) ?? employees[0];
            var programme = WelfareProgramme.Create(unit, name, amountFen, today, today.AddDays(ValidDays - 1), eligibility, manager, now);
            db.WelfareProgrammes.Add(programme);
            await WelfareGrants.GrantAsync(db, programme, employees, manager, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            added++;
        }

        return added;
    }
}
