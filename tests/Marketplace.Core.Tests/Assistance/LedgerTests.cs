using Marketplace.Contracts.Ordering;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Tests.Messaging;
using Marketplace.Core.Tests.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>The assistance ledger fed by the order events on the embedded default: one entry per paid line, reversals, no repeats.</summary>
public sealed class LedgerTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task A_paid_order_becomes_one_entry_per_line_with_every_dimension_and_a_repeat_adds_nothing()
    {
        var (world, orderId) = await PaidOrderAsync(("A", 6800, 2), ("B", 12000, 1));
        var entries = await EventuallyAsync(orderId, 2);

        var paid = await OutboxPaidAsync(orderId);
        await _host.WriteToOutboxAsync(paid);
        await Task.Delay(800);
        entries = await EntriesAsync(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.EqualTo(2));
            Assert.That(entries.Sum(e => e.AmountFen), Is.EqualTo((2 * 6800) + 12000));
            Assert.That(entries.All(e => e.Kind == EntryKind.Purchase && e.CountyCode == CountySeed.Yanshan), Is.True);
            Assert.That(entries[0].Region, Is.EqualTo(AssistedRegion.YunnanDesignated));
            Assert.That(entries[0].AssistanceType, Is.EqualTo(AssistanceType.Designated));
            Assert.That(entries[0].Channel, Is.EqualTo(LedgerChannel.EmployeePersonal));
            Assert.That(entries[0].Measure, Is.EqualTo(AssistanceMeasure.HelpSell), "bought with the buyer's own money");
            Assert.That(entries[0].SupplierId, Is.EqualTo(world.SupplierId));
        });
    }

    [Test]
    public async Task A_refund_and_then_a_cancellation_add_negative_entries_that_bring_the_order_to_zero()
    {
        var (_, orderId) = await PaidOrderAsync(("A", 1000, 3));
        await EventuallyAsync(orderId, 1);
        var lineId = (await EntriesAsync(orderId)).Single().LineId;

        var refund = new OrderRefunded(orderId, Guid.CreateVersion7(), [new RefundedLine(lineId, 1, 1000)], 1000, DateTime.UtcNow);
        await _host.WriteToOutboxAsync(refund);
        await _host.WriteToOutboxAsync(refund);
        await EventuallyAsync(orderId, 2);
        await _host.WriteToOutboxAsync(new OrderCancelled(orderId, "单位取消", true, 2000, DateTime.UtcNow));
        var entries = await EventuallyAsync(orderId, 3);
        await Task.Delay(500);
        entries = await EntriesAsync(orderId);

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => (e.Kind, e.AmountFen, e.Quantity)), Is.EquivalentTo(new[]
            {
                (EntryKind.Purchase, 3000L, 3), (EntryKind.Refund, -1000L, -1), (EntryKind.Cancellation, -2000L, -2),
            }));
            Assert.That(entries.Sum(e => e.AmountFen), Is.Zero);
        });
    }

    [Test]
    public async Task A_line_paid_partly_from_an_allowance_is_direct_purchase_for_that_part_and_help_sell_for_the_rest_and_refunds_take_the_allowance_first()
    {
        var orderId = Guid.CreateVersion7();
        var (mixed, whole) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var at = DateTime.UtcNow;
        PaidLine Line(Guid id, long amountFen, int quantity, long allowanceFen) =>
            new(id, Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), CountySeed.Yanshan, nameof(ProductCategory.Meat), quantity, amountFen / quantity, amountFen, allowanceFen);
        await _host.WriteToOutboxAsync(new OrderPaid(
            orderId, "2026113000000001", Guid.CreateVersion7(), null, nameof(OrderChannel.EmployeePersonal), nameof(FundingSource.Personal), null, 13_602 + 1_234, at,
            [Line(mixed, 13_602, 2, 5_003), Line(whole, 1_234, 1, 1_234)]));
        var paid = await EventuallyAsync(orderId, 3);
        await _host.WriteToOutboxAsync(new OrderRefunded(orderId, Guid.CreateVersion7(), [new RefundedLine(mixed, 1, 6_801)], 6_801, at));
        var refunded = await EventuallyAsync(orderId, 5);
        await _host.WriteToOutboxAsync(new OrderCancelled(orderId, "取消", true, 13_602 + 1_234 - 6_801, at));
        var cancelled = await EventuallyAsync(orderId, 7);

        Assert.Multiple(() =>
        {
            Assert.That(paid.Select(e => (e.LineId, e.Measure, e.FundingSource, e.Channel, e.AmountFen, e.Quantity)), Is.EquivalentTo(new[]
            {
                (mixed, AssistanceMeasure.DirectPurchase, FundingSource.WelfareAllowance, LedgerChannel.Welfare, 5_003L, 0),
                (mixed, AssistanceMeasure.HelpSell, FundingSource.Personal, LedgerChannel.EmployeePersonal, 8_599L, 2),
                (whole, AssistanceMeasure.DirectPurchase, FundingSource.WelfareAllowance, LedgerChannel.Welfare, 1_234L, 1),
            }));
            Assert.That(refunded.Where(e => e.Kind == EntryKind.Refund).Select(e => (e.Measure, e.AmountFen, e.Quantity)), Is.EquivalentTo(new[]
            {
                (AssistanceMeasure.DirectPurchase, -5_003L, 0), (AssistanceMeasure.HelpSell, -1_798L, -1),
            }));
            Assert.That(cancelled, Has.Count.EqualTo(7));
            Assert.That(cancelled.GroupBy(e => (e.LineId, e.FundingSource)).Select(g => (g.Sum(e => e.AmountFen), g.Sum(e => e.Quantity))), Has.All.EqualTo((0L, 0)));
        });
    }

    [TestCase("2021-12-31T15:59:59Z", 2021, 12)]
    [TestCase("2021-12-31T16:00:00Z", 2022, 1)]
    [TestCase("2021-12-31T23:30:00Z", 2022, 1)]
    public void An_entry_is_dated_by_the_china_calendar(string paidAtUtc, int year, int month)
    {
        var county = new County(CountySeed.Luxi, "泸西县", "红河哈尼族彝族自治州", "云南省", AssistedRegion.YunnanDesignated, AssistanceType.Designated);
        var line = new LedgerLine(Guid.CreateVersion7(), "2021123100000001", Guid.CreateVersion7(), Guid.CreateVersion7(), ProductCategory.Fruit, 1, 8800,
            Guid.CreateVersion7(), Guid.CreateVersion7(), OrderChannel.EmployeePersonal, FundingSource.WelfareAllowance, null);
        var entry = AssistanceEntry.Purchase(line, county, DateTime.Parse(paidAtUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.Multiple(() =>
        {
            Assert.That((entry.Year, entry.Month), Is.EqualTo((year, month)));
            Assert.That(entry.Channel, Is.EqualTo(LedgerChannel.Welfare));
            Assert.That(entry.Measure, Is.EqualTo(AssistanceMeasure.DirectPurchase), "a welfare allowance is the group's money");
        });
    }

    private async Task<(OrderingWorld World, Guid OrderId)> PaidOrderAsync(params (string Code, long PriceFen, int Quantity)[] lines)
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, [.. lines.Select(l => (l.Code, l.PriceFen, 100))]);
        var id = await world.SubmitAsync([.. lines.Select(l => (skus[l.Code], l.Quantity))]);
        var placed = await world.SettledAsync(id, OrderStatus.AwaitingPayment);
        await _host.WriteToOutboxAsync(new PaymentSucceeded(id, Guid.CreateVersion7(), placed.TotalFen, "Test", DateTime.UtcNow));
        await world.SettledAsync(id, OrderStatus.Paid);
        return (world, id);
    }

    private Task<OrderPaid> OutboxPaidAsync(Guid orderId) => _host.WithDbAsync(async db =>
    {
        var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.MessageType.Contains(nameof(OrderPaid)) && m.Body.Contains(orderId.ToString()));
        return System.Text.Json.JsonSerializer.Deserialize<OrderPaid>(row.Body, MessageJson.Options)!;
    });

    private Task<List<AssistanceEntry>> EntriesAsync(Guid orderId) =>
        _host.WithDbAsync(db => db.AssistanceEntries.AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.Id).ToListAsync());

    private async Task<List<AssistanceEntry>> EventuallyAsync(Guid orderId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var entries = await EntriesAsync(orderId);
            if (entries.Count >= count || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(50);
        }
    }
}
