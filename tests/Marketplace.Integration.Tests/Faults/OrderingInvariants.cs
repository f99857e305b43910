using Dapper;
using Marketplace.Core.Agreements;
using Marketplace.Core.Assistance;
using Marketplace.Core.Ordering;
using Marketplace.Integration.Tests.Ordering;
using MassTransit;
using Npgsql;
using OrderCancelledRefundConsumer = Marketplace.Core.Payments.OrderCancelledRefundConsumer;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// What must hold after any fault, once the cluster has settled: every accepted order decided exactly once (placed,
/// rejected or paid, with exactly the events of its path), stock = initial − what placed orders hold and never below
/// zero, the ledger equal to the paid orders to the fen (and its read model to the ledger), and no message left
/// unhandled — outbox sent, every row handled by its consumer, every queue and error queue empty.
/// </summary>
internal static class OrderingInvariants
{
    /// <summary>Where an order flowing without faults or approvals may end: decided, waiting for payment or paid.</summary>
    public static readonly string[] FlowStatuses = ["AwaitingPayment", "Rejected", "Paid"];

    private static readonly string[] _suffixes = ["", "_error", "_skipped"];

    /// <summary>Every queue of the order service's consumers, with its error and skipped queues.</summary>
    public static IReadOnlyList<string> Queues(string prefix)
    {
        var names = new KebabCaseEndpointNameFormatter(prefix, false);
        return [.. new[]
        {
            names.Consumer<SubmitOrderConsumer>(), names.Consumer<PaymentSucceededConsumer>(), names.Consumer<OrderPaidLedgerConsumer>(),
            names.Consumer<OrderRefundedLedgerConsumer>(), names.Consumer<OrderCancelledLedgerConsumer>(), names.Consumer<OrderCancelledRefundConsumer>(),
            names.Consumer<AgreementOrderCancelledConsumer>(), names.Consumer<AgreementOrderRejectedConsumer>(),
        }.SelectMany(q => _suffixes.Select(s => q + s))];
    }

    public static async Task AssertAsync(OrderFlow flow, int submitted)
    {
        Assert.That(flow.Accepted, Has.Count.EqualTo(submitted), "every planned order was accepted");
        await AssertAsync(flow.Cluster, new OrderingExpectations([.. flow.Accepted.Keys], [.. flow.Paid.Keys], flow.Skus, flow.LowestStock, FlowStatuses));
    }

    /// <summary>Outbox rows not yet sent, or sent but not handled by each consumer that must handle them; 0 once everything has come to rest.</summary>
    public static Task<long> UnhandledAsync(NpgsqlConnection connection) => connection.ExecuteScalarAsync<long>("""
        SELECT COUNT(*) FROM outbox_messages m
        WHERE m.sent_at IS NULL
           OR EXISTS (SELECT 1 FROM (VALUES (@submit, @submitConsumer), (@payment, @paymentConsumer), (@paid, @ledgerConsumer),
                                            (@cancelled, @cancelledLedger), (@cancelled, @cancelledRefund), (@cancelled, @cancelledAgreement),
                                            (@rejected, @rejectedAgreement)) AS c(type, consumer)
                      WHERE m.message_type LIKE c.type
                        AND NOT EXISTS (SELECT 1 FROM inbox_messages i WHERE i.message_id = m.id AND i.consumer = c.consumer))
        """, new
    {
        submit = OrderingFacts.SubmitOrder + ",%",
        submitConsumer = typeof(SubmitOrderConsumer).FullName,
        payment = "Marketplace.Contracts.Payments.PaymentSucceeded,%",
        paymentConsumer = typeof(PaymentSucceededConsumer).FullName,
        paid = OrderingFacts.OrderPaid + ",%",
        ledgerConsumer = typeof(OrderPaidLedgerConsumer).FullName,
        cancelled = OrderingFacts.OrderCancelled + ",%",
        cancelledLedger = typeof(OrderCancelledLedgerConsumer).FullName,
        cancelledRefund = typeof(OrderCancelledRefundConsumer).FullName,
        cancelledAgreement = typeof(AgreementOrderCancelledConsumer).FullName,
        rejected = OrderingFacts.OrderRejected + ",%",
        rejectedAgreement = typeof(AgreementOrderRejectedConsumer).FullName,
    });

    /// <summary>The invariants over every order in the cluster's database, as <paramref name="expected"/> describes them.</summary>
    public static async Task AssertAsync(OrderingCluster cluster, OrderingExpectations expected)
    {
        var database = cluster.Database;
        await using var connection = await database.OpenAsync();
        var orders = (await connection.QueryAsync<(Guid Id, string Status, long TotalFen, long PaidFen, long RefundedFen)>(
            "SELECT id, status, total_fen, paid_fen, refunded_fen FROM orders")).ToDictionary(o => o.Id, o => new StoredOrder(o.Status, o.TotalFen, o.PaidFen, o.RefundedFen));
        var events = (await connection.QueryAsync<(Guid OrderId, string Type, long Count)>("""
            SELECT (body::jsonb ->> 'orderId')::uuid, split_part(message_type, ',', 1), COUNT(*) FROM outbox_messages
            WHERE body::jsonb ? 'orderId' GROUP BY 1, 2
            """)).ToDictionary(e => (e.OrderId, e.Type), e => e.Count);
        var approved = (await connection.QueryAsync<Guid>("SELECT order_id FROM order_approvals WHERE status = 'Approved'")).ToHashSet();
        var stock = (await connection.QueryAsync<(Guid Id, long Stock, long Held, long Sold)>("""
            SELECT s.id, (SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = s.id),
                   COALESCE(SUM(l.quantity) FILTER (WHERE o.status IN ('AwaitingApproval', 'AwaitingPayment', 'Paid')), 0),
                   COALESCE(SUM(l.quantity) FILTER (WHERE o.status = 'Paid'), 0)
            FROM listing_skus s LEFT JOIN order_lines l ON l.sku_id = s.id LEFT JOIN orders o ON o.id = l.order_id
            GROUP BY s.id
            """)).ToDictionary(s => s.Id, s => new StoredStock(s.Stock, s.Held, s.Sold));
        var stored = await StoredOrdering.ReadAsync(database, connection, orders, events, approved, stock);

        var unhandled = await UnhandledAsync(connection);
        var queued = new Dictionary<string, uint>();
        foreach (var queue in Queues(cluster.Prefix))
        {
            queued[queue] = await Infrastructure.Broker.ReadyMessagesAsync(queue, cluster.Broker);
        }

        Assert.Multiple(() =>
        {
            stored.AssertMeets(expected);
            Assert.That(unhandled, Is.Zero, "every outbox row was sent and handled by its consumer");
            Assert.That(queued.Where(q => q.Value > 0), Is.Empty, "every queue and error queue is empty");
        });
    }
}

/// <summary>
/// What a test expects of the orders in its cluster: exactly the <paramref name="Accepted"/> ones exist, exactly the
/// <paramref name="Paid"/> ones are paid, each ends in one of <paramref name="Statuses"/>, and the stock of each SKU
/// (by code: id and initial stock) never fell below <paramref name="LowestStock"/> as the test watched it.
/// </summary>
internal sealed record OrderingExpectations(
    IReadOnlyCollection<Guid> Accepted, IReadOnlyCollection<Guid> Paid, IReadOnlyDictionary<string, (Guid Id, int Initial)> Skus, long LowestStock,
    IReadOnlyCollection<string> Statuses);
