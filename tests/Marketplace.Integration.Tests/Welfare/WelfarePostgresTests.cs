using Marketplace.Core.Accounts;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Core.Welfare;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Welfare;

/// <summary>The welfare wallet's conditional updates under real concurrency: many connections to PostgreSQL at once.</summary>
public sealed class WelfarePostgresTests
{
    private PostgresDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = _database.Context();
        await db.Database.MigrateAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task Many_concurrent_checkouts_cannot_overdraw_and_the_ledger_equals_the_balance()
    {
        var (user, _) = await SeedAsync(10_000, 7_777);

        var spends = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            await using var db = _database.Context();
            return await new WelfareAllowances(db, TimeProvider.System).SpendForOrderAsync(user, Guid.CreateVersion7(), [Line(1_234)]);
        })));

        await using var check = _database.Context();
        var balances = await check.WelfareWallets.Where(w => w.UserId == user).SumAsync(w => w.BalanceFen);
        var ledger = await check.WelfareLedgerEntries.Where(e => e.UserId == user).SumAsync(e => e.AmountFen);
        Assert.Multiple(() =>
        {
            Assert.That(spends.Sum(s => s.AllowanceFen), Is.EqualTo(17_777), "every fen spent once, none twice");
            Assert.That(balances, Is.Zero);
            Assert.That(ledger, Is.EqualTo(balances));
            Assert.That(spends.Select(s => s.AllowanceFen), Has.All.InRange(0L, 1_234L));
        });
    }

    [Test]
    public async Task The_same_order_spent_and_refunded_at_once_from_many_connections_counts_once()
    {
        var (user, programmes) = await SeedAsync(50_000);
        var orderId = Guid.CreateVersion7();
        var line = Line(4_321);

        var spends = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            await using var db = _database.Context();
            return await new WelfareAllowances(db, TimeProvider.System).SpendForOrderAsync(user, orderId, [line]);
        })));
        var refunds = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            await using var db = _database.Context();
            return await new WelfareAllowances(db, TimeProvider.System).RefundForOrderAsync(orderId, "cancel", [new WelfareLineRefund(line.LineId, 1_000)]);
        })));

        await using var check = _database.Context();
        Assert.Multiple(async () =>
        {
            Assert.That(spends.Select(s => s.AllowanceFen), Has.All.EqualTo(4_321L));
            Assert.That(refunds.Select(r => r.RefundedFen), Has.All.EqualTo(1_000L));
            Assert.That(await check.WelfareWallets.Where(w => w.ProgrammeId == programmes[0]).Select(w => w.BalanceFen).SingleAsync(), Is.EqualTo(50_000 - 4_321 + 1_000));
            Assert.That(await check.WelfareLedgerEntries.CountAsync(e => e.OrderId == orderId), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Inside_the_callers_transaction_spends_add_up_and_commit_with_it()
    {
        var (user, programmes) = await SeedAsync(3_000);
        await using var db = _database.Context();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var spent = await new WelfareAllowances(db, TimeProvider.System).SpendForOrderAsync(user, Guid.CreateVersion7(), [Line(2_000)]);
        var more = await new WelfareAllowances(db, TimeProvider.System).SpendForOrderAsync(user, Guid.CreateVersion7(), [Line(2_000)]);
        await transaction.CommitAsync();

        await using var check = _database.Context();
        Assert.Multiple(async () =>
        {
            Assert.That(spent.AllowanceFen, Is.EqualTo(2_000));
            Assert.That(more.AllowanceFen, Is.EqualTo(1_000));
            Assert.That(await check.WelfareWallets.Where(w => w.ProgrammeId == programmes[0]).Select(w => w.BalanceFen).SingleAsync(), Is.Zero);
        });
    }

    private static WelfareLine Line(long amountFen) => new(Guid.CreateVersion7(), "532622", null, ProductCategory.Meat, amountFen);

    /// <summary>One employee with one wallet per amount, each programme granted.</summary>
    private async Task<(Guid User, List<Guid> Programmes)> SeedAsync(params long[] amounts)
    {
        await using var db = _database.Context();
        var now = DateTime.UtcNow;
        var group = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Group) ?? Organization.CreateGroup("中国兵器装备集团", "CSGC", now);
        if (db.Entry(group).State == EntityState.Detached)
        {
            db.Organizations.Add(group);
        }

        var unit = Organization.CreateMemberUnit("长安汽车" + Guid.NewGuid().ToString("N")[..6], null, group, now);
        var email = $"{Guid.NewGuid():N}@welfare.test";
        var user = new MarketplaceUser
        {
            UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), DisplayName = "职工", CreatedAt = now,
        };
        db.Organizations.Add(unit);
        db.Users.Add(user);
        db.Memberships.Add(Membership.Create(user.Id, unit, [OrganizationRole.Employee], now));
        var today = Core.Suppliers.ChinaCalendar.DateOf(now);
        var programmes = new List<Guid>();
        for (var i = 0; i < amounts.Length; i++)
        {
            var programme = WelfareProgramme.Create(unit, $"福利{i}", amounts[i], today, today.AddDays(10 + i), WelfareEligibility.Any, user.Id, now);
            db.WelfareProgrammes.Add(programme);
            await WelfareGrants.GrantAsync(db, programme, [user.Id], user.Id, now, CancellationToken.None);
            programmes.Add(programme.Id);
        }

        await db.SaveChangesAsync();
        return (user.Id, programmes);
    }
}
