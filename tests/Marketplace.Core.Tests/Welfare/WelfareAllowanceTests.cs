using Marketplace.Core.Catalog;
using Marketplace.Core.Tests.Messaging;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Tests.Welfare;

/// <summary>Grants, spending, refunds and expiry against the embedded SQLite database.</summary>
public sealed class WelfareAllowanceTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;
    private SettableClock _clock = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Welfare:SweepInterval"] = "01:00:00" });
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [SetUp]
    public void ResetClock() => _clock = new SettableClock(new DateTime(2031, 9, 1, 2, 0, 0, DateTimeKind.Utc));

    [Test]
    public async Task Granting_twice_does_not_double()
    {
        var world = await new WelfareWorld(_host, _clock).SeedAsync(3);
        var programme = await world.ProgrammeAsync(20_000, 30);

        var again = await _host.WithDbAsync(async db =>
        {
            var result = await WelfareGrants.GrantAsync(db, programme, world.Employees, world.Employees[0], _clock.Now, CancellationToken.None);
            await db.SaveChangesAsync();
            return result;
        });

        Assert.Multiple(async () =>
        {
            Assert.That(again, Is.EqualTo(new GrantResult(0, 3, 0)));
            Assert.That(await world.BalanceAsync(world.Employees[1], programme.Id), Is.EqualTo(20_000));
            Assert.That((await world.LedgerAsync(world.Employees[1], programme.Id)).Select(e => (e.Kind, e.AmountFen)), Is.EqualTo(new[] { (WelfareEntryKind.Grant, 20_000L) }));
        });
    }

    [Test]
    public async Task A_spend_is_exact_to_the_fen_recorded_per_line_and_programme_and_once_per_order()
    {
        var world = await new WelfareWorld(_host, _clock).SeedAsync(1);
        var user = world.Employees[0];
        var first = await world.ProgrammeAsync(10_001, 10, name: "中秋");
        var second = await world.ProgrammeAsync(5_000, 60, name: "国庆");
        var orderId = Guid.CreateVersion7();
        WelfareLine[] lines = [WelfareWorld.Line(6_999), WelfareWorld.Line(12_345, WelfareWorld.Luxi, ProductCategory.Fruit)];

        var quote = await world.WithAllowancesAsync(a => a.QuoteAsync(user, lines));
        var spent = await world.WithAllowancesAsync(a => a.SpendForOrderAsync(user, orderId, lines));
        var again = await world.WithAllowancesAsync(a => a.SpendForOrderAsync(user, orderId, lines));

        Assert.Multiple(async () =>
        {
            Assert.That(quote.AllowanceFen, Is.EqualTo(15_001));
            Assert.That(spent.AllowanceFen, Is.EqualTo(15_001));
            Assert.That(spent.RemainderFen, Is.EqualTo(6_999 + 12_345 - 15_001));
            Assert.That(spent.Lines.Select(l => l.Parts.Select(p => (p.ProgrammeId, p.AmountFen)).ToList()), Is.EqualTo(new[]
            {
                new[] { (first.Id, 6_999L) }.ToList(),
                new[] { (first.Id, 3_002L), (second.Id, 5_000L) }.ToList(),
            }));
            Assert.That(again.AllowanceFen, Is.EqualTo(15_001), "a repeated spend answers what was recorded");
            Assert.That(await world.BalanceAsync(user, first.Id), Is.Zero);
            Assert.That(await world.BalanceAsync(user, second.Id), Is.Zero);
            Assert.That((await world.LedgerAsync(user, first.Id)).Sum(e => e.AmountFen), Is.Zero, "the ledger adds up to the balance");
            Assert.That((await world.LedgerAsync(user, first.Id)).Count(e => e.Kind == WelfareEntryKind.Spend), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_refund_goes_back_to_the_programme_it_came_from_exactly_and_once_per_key()
    {
        var world = await new WelfareWorld(_host, _clock).SeedAsync(1);
        var user = world.Employees[0];
        var first = await world.ProgrammeAsync(3_000, 10, name: "中秋");
        var second = await world.ProgrammeAsync(3_000, 60, name: "国庆");
        var orderId = Guid.CreateVersion7();
        var line = WelfareWorld.Line(5_000);
        await world.WithAllowancesAsync(a => a.SpendForOrderAsync(user, orderId, [line]));

        var refund = await world.WithAllowancesAsync(a => a.RefundForOrderAsync(orderId, "after-sales-1", [new WelfareLineRefund(line.LineId, 2_500)]));
        var repeated = await world.WithAllowancesAsync(a => a.RefundForOrderAsync(orderId, "after-sales-1", [new WelfareLineRefund(line.LineId, 2_500)]));
        var tooMuch = Assert.ThrowsAsync<WelfareRuleException>(() => world.WithAllowancesAsync(a => a.RefundForOrderAsync(orderId, "after-sales-2", [new WelfareLineRefund(line.LineId, 2_501)])));
        var rest = await world.WithAllowancesAsync(a => a.RefundForOrderAsync(orderId, "cancel"));

        Assert.Multiple(async () =>
        {
            Assert.That(tooMuch, Is.Not.Null);
            Assert.That(refund.Parts.Select(p => (p.ProgrammeId, p.AmountFen)), Is.EqualTo(new[] { (second.Id, 2_000L), (first.Id, 500L) }), "the later-expiring programme first");
            Assert.That(repeated.RefundedFen, Is.EqualTo(2_500));
            Assert.That(rest.RefundedFen, Is.EqualTo(2_500));
            Assert.That(rest.ExpiredFen, Is.Zero);
            Assert.That(await world.BalanceAsync(user, first.Id), Is.EqualTo(3_000));
            Assert.That(await world.BalanceAsync(user, second.Id), Is.EqualTo(3_000));
            Assert.That(await world.WithAllowancesAsync(a => a.RefundableAsync(orderId)), Is.Empty);
        });
    }

    [Test]
    public async Task An_expired_allowance_cannot_be_spent_even_before_the_sweep()
    {
        var world = await new WelfareWorld(_host, _clock).SeedAsync(1);
        var user = world.Employees[0];
        var programme = await world.ProgrammeAsync(8_000, 1);
        _clock.Now = programme.ExpiresAt;
        var line = WelfareWorld.Line(1_000);

        var quote = await world.WithAllowancesAsync(a => a.QuoteAsync(user, [line]));
        var spent = await world.WithAllowancesAsync(a => a.SpendForOrderAsync(user, Guid.CreateVersion7(), [line]));

        Assert.Multiple(async () =>
        {
            Assert.That(quote.AllowanceFen, Is.Zero);
            Assert.That(spent.AllowanceFen, Is.Zero);
            Assert.That(await world.BalanceAsync(user, programme.Id), Is.EqualTo(8_000));
        });
    }

    [Test]
    public async Task The_sweep_expires_each_balance_once_and_a_later_refund_lapses_at_once()
    {
        var world = await new WelfareWorld(_host, _clock).SeedAsync(2);
        var user = world.Employees[0];
        var programme = await world.ProgrammeAsync(8_000, 1);
        var orderId = Guid.CreateVersion7();
        var line = WelfareWorld.Line(3_000);
        await world.WithAllowancesAsync(a => a.SpendForOrderAsync(user, orderId, [line]));
        _clock.Now = programme.ExpiresAt.AddMinutes(1);

        var swept = await world.Sweep().SweepAsync(CancellationToken.None);
        var sweptAgain = await world.Sweep().SweepAsync(CancellationToken.None);
        var refund = await world.WithAllowancesAsync(a => a.RefundForOrderAsync(orderId, "cancel"));

        Assert.Multiple(async () =>
        {
            Assert.That(swept, Is.GreaterThanOrEqualTo(2), "this world's two wallets, and any other test's expired ones");
            Assert.That((await world.LedgerAsync(world.Employees[1], programme.Id)).Select(e => (e.Kind, e.AmountFen)),
                Is.EquivalentTo(new[] { (WelfareEntryKind.Grant, 8_000L), (WelfareEntryKind.Expire, -8_000L) }));
            Assert.That(sweptAgain, Is.Zero);
            Assert.That(refund.RefundedFen, Is.EqualTo(3_000));
            Assert.That(refund.ExpiredFen, Is.EqualTo(3_000));
            Assert.That(await world.BalanceAsync(user, programme.Id), Is.Zero);
            Assert.That((await world.LedgerAsync(user, programme.Id)).Select(e => (e.Kind, e.AmountFen)), Is.EquivalentTo(new[]
            {
                (WelfareEntryKind.Grant, 8_000L), (WelfareEntryKind.Spend, -3_000L), (WelfareEntryKind.Expire, -5_000L),
                (WelfareEntryKind.Refund, 3_000L), (WelfareEntryKind.Expire, -3_000L),
            }));
            Assert.That(await _host.WithDbAsync(db => db.WelfareProgrammes.Where(p => p.Id == programme.Id).Select(p => p.Status).SingleAsync()),
                Is.EqualTo(WelfareProgrammeStatus.Expired));
        });
    }

    [Test]
    public async Task Concurrent_checkouts_cannot_overdraw_a_wallet()
    {
        var world = await new WelfareWorld(_host, _clock).SeedAsync(1);
        var user = world.Employees[0];
        var programme = await world.ProgrammeAsync(10_000, 30);

        var spends = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            world.WithAllowancesAsync(a => a.SpendForOrderAsync(user, Guid.CreateVersion7(), [WelfareWorld.Line(3_000)])))));

        var ledger = await world.LedgerAsync(user, programme.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(spends.Sum(s => s.AllowanceFen), Is.EqualTo(10_000), "3 full spends and one of 1,000; the rest find nothing");
            Assert.That(await world.BalanceAsync(user, programme.Id), Is.Zero);
            Assert.That(ledger.Sum(e => e.AmountFen), Is.Zero);
        });
    }

    [Test]
    public async Task Inside_the_callers_transaction_the_spend_rolls_back_with_it()
    {
        var world = await new WelfareWorld(_host, _clock).SeedAsync(1);
        var user = world.Employees[0];
        var programme = await world.ProgrammeAsync(4_000, 30);

        var split = await _host.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var spent = await new WelfareAllowances(db, _clock).SpendForOrderAsync(user, Guid.CreateVersion7(), [WelfareWorld.Line(1_500)]);
            await transaction.RollbackAsync();
            return spent;
        });

        Assert.Multiple(async () =>
        {
            Assert.That(split.AllowanceFen, Is.EqualTo(1_500));
            Assert.That(await world.BalanceAsync(user, programme.Id), Is.EqualTo(4_000));
            Assert.That(await world.LedgerAsync(user, programme.Id), Has.Count.EqualTo(1));
        });
    }
}
