using Marketplace.Contracts.Payments;
using Marketplace.Core.Assistance;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Tests.Messaging;
using Marketplace.Core.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>Real orders through the real pipeline, then the ledger and the read model checked against them, and caught when altered.</summary>
public sealed class ReconciliationTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;
    private StatisticsWorld _world = null!;
    private int _year;
    private Guid _refundedOrder;

    [OneTimeSetUp]
    public async Task StartHostAndOrder()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
        _world = new StatisticsWorld(_host);
        _year = ChinaCalendar.Today(TimeProvider.System).Year;

        var shop = await new OrderingWorld(_host).SeedAsync();
        var skus = await shop.ListingAsync(1, ("A", 1000, 100), ("B", 5000, 100));
        _refundedOrder = await PaidAsync(shop, (skus["A"], 3), (skus["B"], 1));
        var cancelled = await PaidAsync(shop, (skus["A"], 2));
        await PaidAsync(shop, (skus["B"], 2));
        await _world.EventuallyAsync(_refundedOrder, 2);
        await _world.EventuallyAsync(cancelled, 1);

        await ChangeAsync(_refundedOrder, (db, order) =>
        {
            var lineA = order.Lines.Single(l => l.UnitPriceFen == 1000);
            var lineB = order.Lines.Single(l => l.UnitPriceFen == 5000);
            db.AddToOutbox(order.Refund([(lineA.Id, 1, 1000), (lineB.Id, 0, 1200)], DateTime.UtcNow), TimeProvider.System);
        });
        await ChangeAsync(cancelled, (db, order) => db.AddToOutbox(order.Cancel("单位取消", DateTime.UtcNow), TimeProvider.System));
        await _world.EventuallyAsync(_refundedOrder, 4);
        await _world.EventuallyAsync(cancelled, 2);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test, Order(1)]
    public async Task Ledger_equals_paid_orders_less_refunds_and_the_read_model_equals_the_ledger_to_the_fen()
    {
        var report = await CheckAsync();
        Assert.Multiple(() =>
        {
            Assert.That(report.Orders, Is.Empty);
            Assert.That(report.ReadModel, Is.Empty);
            Assert.That(report.LedgerFen, Is.EqualTo((3000 + 5000 - 1000 - 1200) + 0 + 10000));
            Assert.That(report.Balanced, Is.True);
        });
    }

    [Test, Order(2)]
    public async Task An_amount_altered_in_the_database_is_caught_in_the_order_and_in_the_totals()
    {
        var entryId = await EntryIdAsync(EntryKind.Purchase, 5000);
        await _host.ExecuteAsync($"UPDATE assistance_entries SET amount_fen = amount_fen + 1 WHERE id = '{entryId.ToString().ToUpperInvariant()}'");
        try
        {
            var report = await CheckAsync();
            Assert.Multiple(() =>
            {
                Assert.That(report.Orders.Select(o => (o.OrderId, o.ExpectedFen, o.LedgerFen)), Is.EqualTo(new[] { (_refundedOrder, 5800L, 5801L) }));
                Assert.That(report.ReadModel.Select(m => m.Dimension), Does.Contain("County").And.Contain("Supplier").And.Contain("Month"));
                Assert.That(report.ReadModel.All(m => m.LedgerFen == m.ReadModelFen + 1), Is.True);
                Assert.That(report.Balanced, Is.False);
            });
        }
        finally
        {
            await _host.ExecuteAsync($"UPDATE assistance_entries SET amount_fen = amount_fen - 1 WHERE id = '{entryId.ToString().ToUpperInvariant()}'");
        }

        Assert.That((await CheckAsync()).Balanced, Is.True);
    }

    [Test, Order(3)]
    public async Task A_missing_entry_is_caught()
    {
        var entryId = await EntryIdAsync(EntryKind.Refund, -1000);
        await _host.ExecuteAsync($"DELETE FROM assistance_entries WHERE id = '{entryId.ToString().ToUpperInvariant()}'");

        var report = await CheckAsync();
        Assert.Multiple(() =>
        {
            Assert.That(report.Orders.Select(o => (o.OrderId, o.ExpectedFen, o.LedgerFen)), Is.EqualTo(new[] { (_refundedOrder, 5800L, 6800L) }));
            Assert.That(report.ReadModel, Is.Not.Empty);
        });
    }

    private async Task<ReconciliationReport> CheckAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AssistanceReconciliation>().CheckAsync(_year);
    }

    private Task<Guid> EntryIdAsync(EntryKind kind, long amountFen) => _host.WithDbAsync(db =>
        db.AssistanceEntries.Where(e => e.OrderId == _refundedOrder && e.Kind == kind && e.AmountFen == amountFen).Select(e => e.Id).SingleAsync());

    private async Task<Guid> PaidAsync(OrderingWorld shop, params (Guid SkuId, int Quantity)[] lines)
    {
        var id = await shop.SubmitAsync(lines);
        var placed = await shop.SettledAsync(id, OrderStatus.AwaitingPayment);
        await _host.WriteToOutboxAsync(new PaymentSucceeded(id, Guid.CreateVersion7(), placed.TotalFen, "Test", DateTime.UtcNow));
        await shop.SettledAsync(id, OrderStatus.Paid);
        return id;
    }

    private Task ChangeAsync(Guid orderId, Action<MarketplaceDbContext, Order> change) => _host.WithDbAsync(async db =>
    {
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).SingleAsync(o => o.Id == orderId);
        change(db, order);
        await db.SaveChangesAsync();
        return 0;
    });
}
