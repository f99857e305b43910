using System.Collections.Concurrent;
using Dapper;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>The order service dies (SIGKILL) while orders flow and comes back: nothing lost, nothing done twice.</summary>
public sealed class OrderServiceCrashTests
{
    private static readonly string[] _codes = ["A", "B", "C"];

    [Test]
    public async Task An_order_service_killed_mid_stream_and_restarted_decides_every_order_exactly_once()
    {
        await using var cluster = await OrderingCluster.StartAsync(orderServices: 1);
        var database = cluster.Database;
        const int initialStock = 120;
        var skus = await database.PublishedListingAsync([.. _codes.Select((code, i) => (code, 1000L * (i + 1), initialStock))]);
        var buyers = await Task.WhenAll((await database.BuyersAsync(6)).Select(email => cluster.SignInAsync(email)));

        // About 300 × 1.5 lines × 2 pieces asked of 360 pieces in stock: many placed, many rejected.
        const int count = 300;
        var random = new Random(20261130);
        var plan = Enumerable.Range(0, count).Select(i => (
            Buyer: buyers[i % buyers.Length],
            Lines: _codes.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(code => (skus[code], random.Next(1, 4))).ToArray())).ToList();
        var accepted = new ConcurrentBag<Guid>();
        var posting = Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, _) =>
            accepted.Add(await order.Buyer.SubmitAsync(order.Lines)));

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM orders WHERE status <> 'Submitted'") >= 40,
            "the order service has decided some orders");
        await cluster.OrderServices.Single().KillAsync();
        var inFlight = await database.CountAsync("""
            SELECT COUNT(*) FROM orders o JOIN outbox_messages m ON m.body::jsonb ->> 'orderId' = o.id::text
            WHERE o.status = 'Submitted' AND m.message_type LIKE @submit AND m.sent_at IS NOT NULL
            """, new { submit = OrderingFacts.SubmitOrder + ",%" });
        TestContext.Out.WriteLine($"{inFlight} SubmitOrder messages were on their way to the order service or in its hands when it died");

        // The web host keeps taking orders: they wait in the outbox and the queue.
        await posting;
        var undecided = await database.CountAsync("SELECT COUNT(*) FROM orders WHERE status = 'Submitted'");
        TestContext.Out.WriteLine($"{undecided} of {count} orders undecided when the order service was restarted");
        Assert.That(undecided, Is.Positive, "the order service died with work left");
        Assert.That(inFlight, Is.Positive, "the order service died with messages sent to it and not yet decided");

        await cluster.StartOrderServiceAsync();
        await database.SettledAsync(count, TimeSpan.FromSeconds(150));

        var statuses = await database.OrdersByStatusAsync();
        TestContext.Out.WriteLine(string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
        await using var connection = await database.OpenAsync();
        var stock = (await connection.QueryAsync<(string Code, long Stock, long Placed)>("""
            SELECT s.code, (SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = s.id), COALESCE(SUM(l.quantity) FILTER (WHERE o.status = 'AwaitingPayment'), 0)
            FROM listing_skus s
            LEFT JOIN order_lines l ON l.sku_id = s.id
            LEFT JOIN orders o ON o.id = l.order_id
            GROUP BY s.id, s.code
            """)).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(accepted, Has.Count.EqualTo(count));
            Assert.That(statuses.Keys, Is.SubsetOf(new[] { "AwaitingPayment", "Rejected" }), "every order is placed or rejected");
            Assert.That(statuses.Values.Sum(), Is.EqualTo(count));
            Assert.That(statuses.GetValueOrDefault("AwaitingPayment"), Is.Positive);
            Assert.That(statuses.GetValueOrDefault("Rejected"), Is.Positive);
            Assert.That(stock, Has.Count.EqualTo(_codes.Length));
            foreach (var sku in stock)
            {
                Assert.That(sku.Stock, Is.EqualTo(initialStock - sku.Placed), $"stock of {sku.Code} is what was placed, taken once");
                Assert.That(sku.Stock, Is.GreaterThanOrEqualTo(0));
            }

            Assert.That(await database.CountAsync("""
                SELECT COUNT(*) FROM orders o
                WHERE (SELECT COUNT(*) FROM outbox_messages m WHERE m.message_type LIKE @placed AND m.body::jsonb ->> 'orderId' = o.id::text)
                          <> CASE WHEN o.status = 'AwaitingPayment' THEN 1 ELSE 0 END
                   OR (SELECT COUNT(*) FROM outbox_messages m WHERE m.message_type LIKE @rejected AND m.body::jsonb ->> 'orderId' = o.id::text)
                          <> CASE WHEN o.status = 'Rejected' THEN 1 ELSE 0 END
                """, new { placed = OrderingFacts.OrderPlaced + ",%", rejected = OrderingFacts.OrderRejected + ",%" }),
                Is.Zero, "each order has exactly one event, the one of its outcome");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM sub_orders"), Is.EqualTo(statuses.GetValueOrDefault("AwaitingPayment")), "one sub-order per placed order");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM inbox_messages WHERE consumer LIKE '%.SubmitOrderConsumer'"), Is.EqualTo(count));
            Assert.That(await Broker.ReadyMessagesAsync($"{cluster.Prefix}-submit-order"), Is.Zero, "no SubmitOrder left in the queue");
            Assert.That(await Broker.ReadyMessagesAsync($"{cluster.Prefix}-submit-order_error"), Is.Zero, "nothing failed to the error queue");
        });
    }
}
