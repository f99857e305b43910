using Marketplace.Contracts.Ordering;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Ordering;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>The order service's consumers and sweep on the embedded default: SQLite and the in-memory bus, in one process.</summary>
public sealed class OrderServiceTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?>
        {
            ["Ordering:PaymentWindow"] = "00:00:02",
            ["Ordering:SweepInterval"] = "01:00:00",
        });
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task An_order_is_priced_from_the_catalog_with_volume_tiers_and_its_stock_is_held()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("250G", 6800, 50), ("TIER", 12800, 50));
        var id = await world.SubmitAsync((skus["250G"], 2), (skus["TIER"], 10));

        var order = await world.SettledAsync(id, OrderStatus.AwaitingPayment, OrderStatus.Rejected);
        Assert.Multiple(async () =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.AwaitingPayment));
            Assert.That(order.TotalFen, Is.EqualTo((2 * 6800) + (10 * 12300)));
            Assert.That(order.SubOrders, Has.Count.EqualTo(1));
            Assert.That(order.ExpiresAt, Is.Not.Null);
            Assert.That(await world.StockAsync(skus["250G"]), Is.EqualTo(48));
            Assert.That(await world.StockAsync(skus["TIER"]), Is.EqualTo(40));
            Assert.That(await world.OutboxCountAsync(nameof(OrderPlaced), id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_line_short_of_stock_rejects_the_whole_order_and_holds_nothing()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 5), ("B", 2000, 1));
        var id = await world.SubmitAsync((skus["A"], 3), (skus["B"], 2));

        var order = await world.SettledAsync(id, OrderStatus.Rejected, OrderStatus.AwaitingPayment);
        Assert.Multiple(async () =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Rejected));
            Assert.That(order.Lines.Single(l => l.SkuId == skus["B"]).Rejection, Is.EqualTo(LineRejection.OutOfStock));
            Assert.That(order.Lines.Single(l => l.SkuId == skus["A"]).Rejection, Is.Null);
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(5));
            Assert.That(await world.StockAsync(skus["B"]), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Taking_stock_for_several_skus_takes_none_when_one_is_short()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 5), ("B", 2000, 1), ("C", 3000, 2));
        var shortOf = await _host.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var wanted = new Dictionary<Guid, int> { [skus["A"]] = 3, [skus["B"]] = 2, [skus["C"]] = 2 };
            var result = await StockReservations.TryTakeAllAsync(db, wanted, CancellationToken.None);
            await transaction.CommitAsync();
            return result;
        });

        Assert.Multiple(async () =>
        {
            Assert.That(shortOf, Is.EquivalentTo(new[] { skus["B"] }));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(5));
            Assert.That(await world.StockAsync(skus["B"]), Is.EqualTo(1));
            Assert.That(await world.StockAsync(skus["C"]), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task An_order_larger_than_any_stock_slot_takes_from_several_and_what_is_given_back_fills_the_emptiest()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 16), ("B", 2000, 3));
        var shortOf = await _host.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var result = await StockReservations.TryTakeAllAsync(db, new Dictionary<Guid, int> { [skus["A"]] = 10, [skus["B"]] = 1 }, CancellationToken.None);
            await StockReservations.GiveBackAsync(db, new Dictionary<Guid, int> { [skus["A"]] = 1 }, CancellationToken.None);
            await transaction.CommitAsync();
            return result;
        });
        var slots = await _host.WithDbAsync(db => db.ListingSkus.Where(s => s.Id == skus["A"]).SelectMany(s => s.StockSlots)
            .OrderBy(s => s.Slot).Select(s => s.Pieces).ToListAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(shortOf, Is.Empty);
            Assert.That(slots, Is.EqualTo(new[] { 1, 6 }), "16 pieces in two slots of 8: 10 taken from the first and then the second, 1 given back to the first");
            Assert.That(await world.StockAsync(skus["B"]), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Below_the_minimum_and_unknown_skus_are_rejected_with_their_reasons()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(5, ("A", 1000, 50));
        var id = await world.SubmitAsync((skus["A"], 4), (Guid.CreateVersion7(), 1));

        var order = await world.SettledAsync(id, OrderStatus.Rejected, OrderStatus.AwaitingPayment);
        Assert.That(order.Lines.OrderBy(l => l.Position).Select(l => l.Rejection), Is.EqualTo(new LineRejection?[] { LineRejection.BelowMinimum, LineRejection.UnknownSku }));
    }

    [Test]
    public async Task Concurrent_orders_for_the_last_pieces_never_oversell()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 7));
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => world.SubmitAsync((skus["A"], 1))));

        var orders = await Task.WhenAll(ids.Select(id => world.SettledAsync(id, OrderStatus.AwaitingPayment, OrderStatus.Rejected)));
        Assert.Multiple(async () =>
        {
            Assert.That(orders.Count(o => o.Status == OrderStatus.AwaitingPayment), Is.EqualTo(7));
            Assert.That(orders.Count(o => o.Status == OrderStatus.Rejected), Is.EqualTo(13));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task A_second_submit_message_for_the_same_order_reserves_nothing_more()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 10));
        var id = await world.SubmitAsync((skus["A"], 4));
        await world.SettledAsync(id, OrderStatus.AwaitingPayment);

        await _host.WriteToOutboxAsync(new SubmitOrder(id));
        await Task.Delay(1000);
        Assert.Multiple(async () =>
        {
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(6));
            Assert.That(await world.OutboxCountAsync(nameof(OrderPlaced), id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Payment_marks_the_order_paid_once_and_counts_the_sale()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 10), ("B", 1200, 10));
        var id = await world.SubmitAsync((skus["A"], 3), (skus["B"], 2));
        var placed = await world.SettledAsync(id, OrderStatus.AwaitingPayment);

        var payment = new PaymentSucceeded(id, Guid.CreateVersion7(), placed.TotalFen, "Test", DateTime.UtcNow);
        await _host.WriteToOutboxAsync(payment);
        await _host.WriteToOutboxAsync(payment);
        var paid = await world.SettledAsync(id, OrderStatus.Paid);
        await Task.Delay(500);
        Assert.Multiple(async () =>
        {
            Assert.That(paid.Status, Is.EqualTo(OrderStatus.Paid));
            Assert.That(paid.SubOrders.Single().Status, Is.EqualTo(SubOrderStatus.AwaitingAcceptance));
            Assert.That(await world.OutboxCountAsync(nameof(OrderPaid), id), Is.EqualTo(1));
            Assert.That(await _host.CountAsync("SELECT sold_quantity FROM listings WHERE id = @id", new { id = world.ListingId.ToString().ToUpperInvariant() }), Is.EqualTo(5),
                "both lines of the listing, once");
        });
    }

    [Test]
    public async Task An_unpaid_order_expires_and_gives_its_stock_back()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 10));
        var id = await world.SubmitAsync((skus["A"], 4));
        await world.SettledAsync(id, OrderStatus.AwaitingPayment);
        Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(6));

        await Task.Delay(2500);
        var sweep = _host.Services.GetRequiredService<OrderSweep>();
        Assert.That(await sweep.SweepAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(1));
        var order = await world.OrderAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(order.CancelReason, Is.EqualTo(OrderSweep.ExpiredReason));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(10));
            Assert.That(await world.OutboxCountAsync(nameof(OrderCancelled), id), Is.EqualTo(1));
            Assert.That(await sweep.SweepAsync(CancellationToken.None), Is.Zero, "a second sweep finds nothing");
        });
    }
}
