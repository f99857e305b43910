using Dapper;
using Marketplace.Integration.Tests.Ordering;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// Fault 4: every message delivered twice and out of order (the test-only filter, switched on by configuration): the
/// same orders end exactly as in a clean run beside it.
/// </summary>
[Category("Fault")]
public sealed class DuplicateDeliveryTests
{
    // Z has no stock: an order with a Z line is rejected whatever the timing; the others have stock for every order.
    private const string PaymentSucceeded = "Marketplace.Contracts.Payments.PaymentSucceeded";

    private static readonly (string Code, long PriceFen, int Stock)[] _skus = [("A", 1290, 5000), ("B", 4550, 5000), ("C", 880, 5000), ("Z", 2300, 0)];

    [Test]
    public async Task Orders_whose_messages_all_arrive_twice_and_out_of_order_end_as_in_a_clean_run()
    {
        var plan = OrderFlow.Plan(400, 20261201, [.. _skus.Select(s => s.Code)], maxLines: 2, maxQuantity: 4, paidShare: 0.6);
        // One after the other: eight processes starting at once are too many for a small machine.
        var (clean, cleanCopies) = await RunAsync(plan);
        var (doubled, copies) = await RunAsync(plan, ("Messaging:DuplicateDeliveries", "true"));
        var results = new[] { clean, doubled };
        TestContext.Out.WriteLine($"{copies} messages were delivered a second time; clean run: {clean.Summary}; doubled: {doubled.Summary}");

        Assert.Multiple(() =>
        {
            Assert.That(cleanCopies, Is.Zero, "the clean run has no copies");
            Assert.That(copies, Is.EqualTo(doubled.Handled), "every message a consumer handled (one inbox row per consumer and message) came a second time");
            Assert.That(copies, Is.GreaterThanOrEqualTo(new[] { OrderingFacts.SubmitOrder, PaymentSucceeded, OrderingFacts.OrderPaid }.Sum(doubled.Events.GetValueOrDefault)),
                "at least SubmitOrder, PaymentSucceeded and OrderPaid came twice");
            Assert.That(doubled.Handled, Is.EqualTo(clean.Handled), "the consumers handled as many messages as in the clean run");
            Assert.That(results[0].Orders.Values.Count(o => o.Status == "Rejected"), Is.Positive);
            Assert.That(results[0].Orders.Values.Count(o => o.Status == "Paid"), Is.Positive);
            Assert.That(results[1].Orders, Is.EquivalentTo(results[0].Orders), "each order (by its Idempotency-Key) ends the same: status, total, paid");
            Assert.That(results[1].Stock, Is.EquivalentTo(results[0].Stock), "the same stock left of each SKU");
            Assert.That(results[1].Ledger, Is.EquivalentTo(results[0].Ledger), "the same ledger totals by every dimension that is not an id");
            Assert.That(results[1].Events, Is.EquivalentTo(results[0].Events), "the same number of events of each type");
        });
    }

    private static async Task<(Outcome Outcome, int Copies)> RunAsync(List<PlannedOrder> plan, params (string Key, string Value)[] settings)
    {
        await using var cluster = await OrderingCluster.StartAsync(new ClusterServices(), orderServices: 2, webHosts: 2, settings);
        var flow = await OrderFlow.PrepareAsync(cluster, 8, _skus);
        using var stop = new CancellationTokenSource();
        var paying = flow.PayAndWatchAsync(stop.Token);
        await flow.SubmitAsync(plan, parallelism: 8, TimeSpan.Zero, stop.Token);
        await flow.SettledAsync(TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        await paying;
        await OrderingInvariants.AssertAsync(flow, plan.Count);
        return (await Outcome.ReadAsync(cluster), cluster.OrderServices.Sum(p => p.CountLines("Test duplicate:")));
    }

    private sealed record Outcome(
        Dictionary<string, (string Status, long TotalFen, long PaidFen)> Orders, Dictionary<string, long> Stock,
        Dictionary<string, (long Fen, long Quantity)> Ledger, Dictionary<string, long> Events, long Handled)
    {
        public string Summary => string.Join(", ", Orders.Values.GroupBy(o => o.Status).Select(g => $"{g.Key} {g.Count()}")) +
            $", ledger {Ledger.Where(l => l.Key.StartsWith("Measure", StringComparison.Ordinal)).Sum(l => l.Value.Fen)} fen";

        public static async Task<Outcome> ReadAsync(OrderingCluster cluster)
        {
            await using var connection = await cluster.Database.OpenAsync();
            var orders = (await connection.QueryAsync<(string Key, string Status, long TotalFen, long PaidFen)>(
                "SELECT idempotency_key, status, total_fen, paid_fen FROM orders")).ToDictionary(o => o.Key, o => (o.Status, o.TotalFen, o.PaidFen));
            var stock = (await connection.QueryAsync<(string Code, long Stock)>("SELECT s.code, (SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = s.id) FROM listing_skus s")).ToDictionary(s => s.Code, s => s.Stock);
            var ledger = (await connection.QueryAsync<(string Key, long Fen, long Quantity)>("""
                SELECT dimension || ':' || dimension_value, amount_fen, quantity FROM assistance_totals
                WHERE dimension NOT IN ('Supplier', 'Month')
                """)).ToDictionary(l => l.Key, l => (l.Fen, l.Quantity));
            var events = (await connection.QueryAsync<(string Type, long Count)>(
                "SELECT split_part(message_type, ',', 1), COUNT(*) FROM outbox_messages GROUP BY 1")).ToDictionary(e => e.Type, e => e.Count);
            var handled = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages");
            return new Outcome(orders, stock, ledger, events, handled);
        }
    }
}
