using System.Net;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.TestWorker;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>Orders through a web host and the order service as its own process(es), on PostgreSQL + RabbitMQ.</summary>
public sealed class OrderingJourneyTests
{
    [Test]
    public async Task An_order_submitted_over_HTTP_is_placed_by_the_order_service_then_paid_with_one_event_each()
    {
        await using var cluster = await OrderingCluster.StartAsync(orderServices: 1);
        var database = cluster.Database;
        var skus = await database.PublishedListingAsync(("250G", 6800, 20));
        var buyer = await cluster.SignInAsync((await database.BuyersAsync(1)).Single());

        var orderId = await buyer.SubmitAsync((skus["250G"], 3));
        var placed = await buyer.OrderWhenAsync(orderId, "AwaitingPayment");
        Assert.Multiple(async () =>
        {
            Assert.That(placed.GetProperty("totalFen").GetInt64(), Is.EqualTo(20400), "priced from the catalog");
            Assert.That(placed.GetProperty("subOrders").GetArrayLength(), Is.EqualTo(1));
            Assert.That(await database.StockAsync(skus["250G"]), Is.EqualTo(17));
        });

        // Payments are a later issue: the test writes what the payment side will write, a PaymentSucceeded in the outbox.
        await database.WriteToOutboxAsync([new PaymentSucceeded(orderId, Guid.NewGuid(), 20400, "Test", DateTime.UtcNow)]);
        var paid = await buyer.OrderWhenAsync(orderId, "Paid");
        await database.SettledAsync(orders: 1);

        Assert.Multiple(async () =>
        {
            Assert.That(paid.GetProperty("paidFen").GetInt64(), Is.EqualTo(20400));
            Assert.That(await database.OutboxCountAsync(OrderingFacts.OrderPlaced, orderId), Is.EqualTo(1));
            Assert.That(await database.OutboxCountAsync(OrderingFacts.OrderPaid, orderId), Is.EqualTo(1));
            Assert.That(await database.StockAsync(skus["250G"]), Is.EqualTo(17));
            Assert.That(await database.CountAsync(
                "SELECT l.sold_quantity FROM listings l JOIN listing_skus s ON s.listing_id = l.id WHERE s.id = @sku", new { sku = skus["250G"] }), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task An_order_of_more_lines_than_go_with_the_order_row_is_copied_whole_and_placed()
    {
        await using var cluster = await OrderingCluster.StartAsync(orderServices: 1);
        var database = cluster.Database;
        var count = SubmittedOrders.LinesWithTheOrder + 5;
        var skus = await database.PublishedListingAsync([.. Enumerable.Range(1, count).Select(i => ($"S{i:D2}", 1000L + i, 10))]);
        var buyer = await cluster.SignInAsync((await database.BuyersAsync(1)).Single());

        var orderId = await buyer.SubmitAsync([.. skus.Values.Select(sku => (sku, 2))]);
        var placed = await buyer.OrderWhenAsync(orderId, "AwaitingPayment");

        Assert.Multiple(async () =>
        {
            Assert.That(placed.GetProperty("lines").GetArrayLength(), Is.EqualTo(count));
            Assert.That(placed.GetProperty("totalFen").GetInt64(), Is.EqualTo(Enumerable.Range(1, count).Sum(i => 2 * (1000L + i))));
            Assert.That(await database.StockAsync(skus["S01"]), Is.EqualTo(8));
            Assert.That(await database.StockAsync(skus[$"S{count:D2}"]), Is.EqualTo(8));
        });
    }

    [Test]
    public async Task Two_hundred_buyers_at_once_for_fifty_units_on_two_order_services_buy_exactly_fifty()
    {
        await using var cluster = await OrderingCluster.StartAsync(orderServices: 2);
        var database = cluster.Database;
        var sku = (await database.PublishedListingAsync(("1KG", 3900, 50)))["1KG"];
        var buyers = await Task.WhenAll((await database.BuyersAsync(5)).Select(email => cluster.SignInAsync(email)));
        Assert.That(await Broker.ConsumersAsync($"{cluster.Prefix}-submit-order"), Is.EqualTo(2), "both order services consume SubmitOrder");

        var lowestStock = long.MaxValue;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                lowestStock = Math.Min(lowestStock, await database.StockAsync(sku));
                await Task.Delay(20);
            }
        });

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await buyers[i % buyers.Length].PlaceAsync($"rush-{i}", (sku, 1));
            return response.StatusCode;
        }));
        Assert.That(answers, Is.All.EqualTo(HttpStatusCode.Accepted));
        await database.SettledAsync(orders: 200);
        await watching.CancelAsync();
        await watcher;

        var statuses = await database.OrdersByStatusAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(statuses.GetValueOrDefault("AwaitingPayment"), Is.EqualTo(50), "placed");
            Assert.That(statuses.GetValueOrDefault("Rejected"), Is.EqualTo(150), "rejected");
            Assert.That(await database.StockAsync(sku), Is.Zero);
            Assert.That(lowestStock, Is.GreaterThanOrEqualTo(0), "stock never went below zero");
            Assert.That(await database.CountAsync("""
                SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'Rejected' AND l.rejection = 'OutOfStock'
                """), Is.EqualTo(150), "every rejection says out of stock");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE @t", new { t = OrderingFacts.OrderPlaced + ",%" }), Is.EqualTo(50));
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE @t", new { t = OrderingFacts.OrderRejected + ",%" }), Is.EqualTo(150));
            Assert.That(await Broker.ReadyMessagesAsync($"{cluster.Prefix}-submit-order_error"), Is.Zero, "nothing failed to the error queue");
        });
    }

    [Test]
    public async Task A_redelivered_SubmitOrder_creates_nothing_twice()
    {
        // One message at a time, so the copies are handled in the order they were published.
        await using var cluster = await OrderingCluster.StartAsync(orderServices: 1, webHosts: 1, ("Messaging:RabbitMq:ConcurrentMessageLimit", "1"));
        var database = cluster.Database;
        var sku = (await database.PublishedListingAsync(("500G", 5200, 10)))["500G"];
        var buyer = await cluster.SignInAsync((await database.BuyersAsync(1)).Single());
        var orderId = await buyer.SubmitAsync((sku, 2));
        await buyer.OrderWhenAsync(orderId, "AwaitingPayment");
        await database.SettledAsync(orders: 1);

        // The same message again (same message id: the relay publishes the row once more, as after a crash before
        // marking it sent), then a second SubmitOrder for the order under a new id, in one batch behind it.
        await using (var db = database.Context())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var again = await db.Database.ExecuteSqlAsync($"""
                UPDATE outbox_messages SET sent_at = NULL, next_attempt_at = {DateTime.UtcNow.AddSeconds(-1)}
                WHERE message_type LIKE {OrderingFacts.SubmitOrder + ",%"} AND body::jsonb ->> 'orderId' = {orderId.ToString()}
                """);
            Assert.That(again, Is.EqualTo(1));
            db.AddToOutbox(new Marketplace.Contracts.Ordering.SubmitOrder(orderId), TimeProvider.System);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM inbox_messages WHERE consumer LIKE '%.SubmitOrderConsumer'") == 2,
            "the order service took the SubmitOrder with the new id (after the repeated one)");
        await database.SettledAsync(orders: 1);
        var order = await buyer.OrderAsync(orderId);
        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("AwaitingPayment"));
            Assert.That(order.GetProperty("lines").GetArrayLength(), Is.EqualTo(1));
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM sub_orders"), Is.EqualTo(1));
            Assert.That(await database.StockAsync(sku), Is.EqualTo(8), "stock taken once");
            Assert.That(await database.OutboxCountAsync(OrderingFacts.OrderPlaced, orderId), Is.EqualTo(1));
            Assert.That(await database.OutboxCountAsync(OrderingFacts.OrderRejected, orderId), Is.Zero);
            Assert.That(await Broker.ReadyMessagesAsync($"{cluster.Prefix}-submit-order_error"), Is.Zero);
        });
    }
}
