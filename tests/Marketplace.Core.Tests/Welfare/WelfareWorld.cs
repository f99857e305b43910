using Marketplace.Core.Accounts;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Core.Tests.Messaging;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Tests.Welfare;

/// <summary>A time that the test moves.</summary>
internal sealed class SettableClock(DateTime start) : TimeProvider
{
    public DateTime Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
}

/// <summary>A member unit with employees and programmes, stored through the domain in an embedded host.</summary>
internal sealed class WelfareWorld(EmbeddedHost host, SettableClock clock)
{
    public const string Yanshan = "532622";
    public const string Luxi = "532527";

    public Guid UnitId { get; private set; }

    public List<Guid> Employees { get; } = [];

    public async Task<WelfareWorld> SeedAsync(int employees)
    {
        await host.WithDbAsync(async db =>
        {
            var now = clock.Now;
            var group = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Group)
                ?? Organization.CreateGroup("中国兵器装备集团", "CSGC", now);
            if (db.Entry(group).State == EntityState.Detached)
            {
                db.Organizations.Add(group);
            }

            var unit = Organization.CreateMemberUnit("长安汽车" + Guid.NewGuid().ToString("N")[..6], null, group, now);
            db.Organizations.Add(unit);
            for (var i = 0; i < employees; i++)
            {
                var email = $"{Guid.NewGuid():N}@welfare.test";
                var user = new MarketplaceUser
                {
                    UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(),
                    DisplayName = "职工" + i, CreatedAt = now,
                };
                db.Users.Add(user);
                db.Memberships.Add(Membership.Create(user.Id, unit, [OrganizationRole.Employee], now));
                Employees.Add(user.Id);
            }

            await db.SaveChangesAsync();
            UnitId = unit.Id;
            return 0;
        });
        return this;
    }

    /// <summary>A programme valid from today (China) for <paramref name="days"/> days, granted to every employee.</summary>
    public Task<WelfareProgramme> ProgrammeAsync(long amountFen, int days, WelfareEligibility? eligibility = null, string name = "2021年中秋职工福利") =>
        host.WithDbAsync(async db =>
        {
            var unit = await db.Organizations.SingleAsync(o => o.Id == UnitId);
            var today = Suppliers.ChinaCalendar.DateOf(clock.Now);
            var programme = WelfareProgramme.Create(unit, name, amountFen, today, today.AddDays(days - 1), eligibility ?? WelfareEligibility.Any, Employees[0], clock.Now);
            db.WelfareProgrammes.Add(programme);
            await WelfareGrants.GrantAsync(db, programme, Employees, Employees[0], clock.Now, CancellationToken.None);
            await db.SaveChangesAsync();
            return programme;
        });

    public Task<T> WithAllowancesAsync<T>(Func<WelfareAllowances, Task<T>> work) =>
        host.WithDbAsync(db => work(new WelfareAllowances(db, clock)));

    public WelfareExpirySweep Sweep() =>
        new(host.Services.GetRequiredService<IServiceScopeFactory>(), clock, Options.Create(new WelfareOptions()));

    public Task<long> BalanceAsync(Guid userId, Guid programmeId) =>
        host.WithDbAsync(db => db.WelfareWallets.Where(w => w.UserId == userId && w.ProgrammeId == programmeId).Select(w => w.BalanceFen).SingleAsync());

    /// <summary>The wallet's entries, oldest first.</summary>
    public Task<List<WelfareLedgerEntry>> LedgerAsync(Guid userId, Guid programmeId) =>
        host.WithDbAsync(db => db.WelfareLedgerEntries.AsNoTracking().Where(e => e.UserId == userId && e.ProgrammeId == programmeId).OrderBy(e => e.Id).ToListAsync());

    public static WelfareLine Line(long amountFen, string county = Yanshan, ProductCategory category = ProductCategory.Meat) =>
        new(Guid.CreateVersion7(), county, null, category, amountFen);
}
