using Marketplace.Contracts.Ordering;
using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Core.Tests.Assistance.StatisticsWorld;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>The read model kept by the ledger consumers on the embedded default. Each test owns a year, so totals are its own.</summary>
public sealed class AssistanceTotalsTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;
    private StatisticsWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
        _world = new StatisticsWorld(_host);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Totals_are_exact_through_a_refund_a_partial_refund_and_a_cancellation_after_payment()
    {
        var supplier = Guid.CreateVersion7();
        var first = Paid(Utc("2031-03-10T02:00:00Z"), null, (supplier, CountySeed.Yanshan, 3, 3000), (supplier, CountySeed.Luxi, 1, 5000));
        var second = Paid(Utc("2031-03-11T02:00:00Z"), null, (supplier, CountySeed.Yanshan, 2, 2000));
        await _host.WriteToOutboxAsync(first);
        await _host.WriteToOutboxAsync(second);
        await _world.EventuallyAsync(first.OrderId, 2);
        await _world.EventuallyAsync(second.OrderId, 1);

        // One piece back on the Yanshan line, and 12 yuan off the Luxi line with the goods kept (a partial refund).
        await _host.WriteToOutboxAsync(new OrderRefunded(first.OrderId, Guid.CreateVersion7(),
            [new RefundedLine(first.Lines[0].LineId, 1, 1000), new RefundedLine(first.Lines[1].LineId, 0, 1200)], 2200, Utc("2031-04-02T02:00:00Z")));
        await _host.WriteToOutboxAsync(new OrderCancelled(second.OrderId, "单位取消", true, 2000, Utc("2031-03-12T02:00:00Z")));
        await _world.EventuallyAsync(first.OrderId, 4);
        await _world.EventuallyAsync(second.OrderId, 2);

        var counties = await _world.TotalsAsync(2031, AssistanceDimension.County);
        var months = await _world.Queries.MonthSeriesAsync(2031);
        var county = (await _world.Queries.TotalsAsync(2031, AssistanceDimension.County)).Single(t => t.Value == CountySeed.Yanshan);
        Assert.Multiple(async () =>
        {
            Assert.That(counties, Is.EquivalentTo(new Dictionary<string, long> { [CountySeed.Yanshan] = 2000, [CountySeed.Luxi] = 3800 }));
            Assert.That(county.Quantity, Is.EqualTo(2), "3 bought, 1 returned; 2 bought, 2 cancelled");
            Assert.That(await _world.TotalsAsync(2031, AssistanceDimension.Measure), Is.EquivalentTo(new Dictionary<string, long> { ["HelpSell"] = 5800 }));
            Assert.That(await _world.TotalsAsync(2031, AssistanceDimension.Supplier), Is.EquivalentTo(new Dictionary<string, long> { [AssistanceProjection.SupplierValue(supplier)] = 5800 }));
            Assert.That(await _world.Queries.YearTotalFenAsync(2031), Is.EqualTo(5800));
            Assert.That(months.Single(m => m.Month == 3).AmountFen, Is.EqualTo(8000), "bought 10000 and 2000 cancelled in March");
            Assert.That(months.Single(m => m.Month == 4).AmountFen, Is.EqualTo(-2200), "refunds count in the month they happen");
            Assert.That(months, Has.Count.EqualTo(12));
        });
    }

    [Test]
    public async Task A_redelivered_event_adds_nothing_to_the_totals()
    {
        var paid = Paid(Utc("2032-05-01T02:00:00Z"), null, (Guid.CreateVersion7(), CountySeed.Yanshan, 2, 4400));
        await _host.WriteToOutboxAsync(paid);
        await _world.EventuallyAsync(paid.OrderId, 1);
        var refund = new OrderRefunded(paid.OrderId, Guid.CreateVersion7(), [new RefundedLine(paid.Lines[0].LineId, 1, 2200)], 2200, Utc("2032-05-03T02:00:00Z"));
        await _host.WriteToOutboxAsync(refund);
        await _world.EventuallyAsync(paid.OrderId, 2);

        // The same events again, under new message ids.
        await _host.WriteToOutboxAsync(paid);
        await _host.WriteToOutboxAsync(refund);
        await Task.Delay(1000);

        Assert.Multiple(async () =>
        {
            Assert.That(await _world.EntriesAsync(paid.OrderId), Has.Count.EqualTo(2));
            Assert.That(await _world.TotalsAsync(2032, AssistanceDimension.County), Is.EquivalentTo(new Dictionary<string, long> { [CountySeed.Yanshan] = 2200 }));
            Assert.That((await _world.Queries.TotalsAsync(2032, AssistanceDimension.Channel)).Single().Quantity, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_year_and_a_month_are_those_of_the_china_calendar()
    {
        var supplier = Guid.CreateVersion7();
        await _world.RecordAsync(
            Purchase(Utc("2033-12-31T15:59:59Z"), null, supplier, CountySeed.Luxi, 100),
            Purchase(Utc("2033-12-31T16:00:00Z"), null, supplier, CountySeed.Luxi, 20),
            Purchase(Utc("2033-12-31T23:30:00Z"), null, supplier, CountySeed.Luxi, 3));

        Assert.Multiple(async () =>
        {
            Assert.That(await _world.TotalsAsync(2033, AssistanceDimension.Month), Is.EquivalentTo(new Dictionary<string, long> { ["12"] = 100 }));
            Assert.That(await _world.TotalsAsync(2034, AssistanceDimension.Month), Is.EquivalentTo(new Dictionary<string, long> { ["01"] = 23 }));
            Assert.That(await _world.Queries.YearTotalFenAsync(2034), Is.EqualTo(23));
        });
    }

    [Test]
    public async Task Rebuilding_from_the_ledger_gives_exactly_the_totals_kept_incrementally()
    {
        var supplier = Guid.CreateVersion7();
        var paid = Paid(Utc("2037-07-07T02:00:00Z"), null, (supplier, CountySeed.Yanshan, 4, 8000), (supplier, CountySeed.Luxi, 1, 900));
        await _host.WriteToOutboxAsync(paid);
        await _world.EventuallyAsync(paid.OrderId, 2);
        await _host.WriteToOutboxAsync(new OrderRefunded(paid.OrderId, Guid.CreateVersion7(), [new RefundedLine(paid.Lines[0].LineId, 1, 2000)], 2000, Utc("2038-01-02T02:00:00Z")));
        await _world.EventuallyAsync(paid.OrderId, 3);

        var incremental = await SnapshotAsync();
        var rebuilt = await _host.WithDbAsync(db => AssistanceProjection.RebuildAsync(db));
        var again = await SnapshotAsync();

        Assert.Multiple(() =>
        {
            Assert.That(incremental.Totals, Is.Not.Empty);
            Assert.That(again.Totals, Is.EqualTo(incremental.Totals));
            Assert.That(again.Units, Is.EqualTo(incremental.Units));
            Assert.That(rebuilt.TotalRows, Is.EqualTo(incremental.Totals.Count));
            Assert.That(incremental.Totals, Does.Contain($"2038 County {CountySeed.Yanshan} -2000 -1"));
        });
    }

    [Test]
    public async Task An_order_from_six_hundred_suppliers_counts_each_one_across_several_statements_and_a_rebuild_agrees()
    {
        var lines = Enumerable.Range(0, 600).Select(i => (Guid.CreateVersion7(), i % 2 == 0 ? CountySeed.Yanshan : CountySeed.Luxi, 1, 100L + i)).ToArray();
        var paid = Paid(Utc("2039-03-03T02:00:00Z"), null, lines);
        await _host.WriteToOutboxAsync(paid);
        await _world.EventuallyAsync(paid.OrderId, lines.Length);

        var suppliers = await _world.TotalsAsync(2039, AssistanceDimension.Supplier);
        var incremental = await SnapshotAsync();
        await _host.WithDbAsync(db => AssistanceProjection.RebuildAsync(db));
        var again = await SnapshotAsync();

        Assert.Multiple(() =>
        {
            Assert.That(suppliers, Has.Count.EqualTo(600), "more rows than one statement writes");
            Assert.That(suppliers.Values.Sum(), Is.EqualTo(lines.Sum(l => l.Item4)));
            Assert.That(again.Totals, Is.EqualTo(incremental.Totals));
        });
    }

    private Task<(List<string> Totals, List<string> Units)> SnapshotAsync() => _host.WithDbAsync(async db =>
    {
        var totals = (await db.AssistanceTotals.AsNoTracking().ToListAsync())
            .Select(t => $"{t.Year} {t.Dimension} {t.DimensionValue} {t.AmountFen} {t.Quantity}").Order(StringComparer.Ordinal).ToList();
        var units = (await db.AssistanceUnitTotals.AsNoTracking().ToListAsync())
            .Select(t => $"{t.Year} {t.UnitId} {t.DirectFen} {t.DirectQuantity} {t.SubtreeFen} {t.SubtreeQuantity}").Order(StringComparer.Ordinal).ToList();
        return (totals, units);
    });
}
