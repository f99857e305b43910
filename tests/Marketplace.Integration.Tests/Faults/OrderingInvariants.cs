using Dapper;
using Marketplace.Integration.Tests.Ordering;
using Npgsql;

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

    public static async Task AssertAsync(OrderFlow flow, int submitted)
    {
        Assert.That(flow.Accepted, Has.Count.EqualTo(submitted), "every planned order was accepted");
        await AssertAsync(flow.Cluster, new OrderingExpectations([.. flow.Accepted.Keys], [.. flow.Paid.Keys], flow.Skus, flow.LowestStock, FlowStatuses));
    }

    /// <summary>Outbox rows not yet sent, or sent but not handled by each consumer that must handle them; 0 once everything has come to rest.</summary>
    public static Task<long> UnhandledAsync(NpgsqlConnection connection) => connection.ExecuteScalarAsync<long>("""
        SELECT COUNT(*) FROM outbox_messages m
        WHERE m.sent_at IS NULL
           OR EXISTS (SELECT 1 FROM unnest(@types, @consumers) AS c(type, consumer)
                      WHERE m.message_type = c.type
                        AND NOT EXISTS (SELECT 1 FROM inbox_messages i WHERE i.message_id = m.id AND i.consumer = c.consumer))
        """, new
    {
        types = OrderServiceConsumers.Handling.Select(h => h.MessageType).ToArray(),
        consumers = OrderServiceConsumers.Handling.Select(h => h.Consumer).ToArray(),
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
        foreach (var queue in OrderServiceConsumers.Queues(cluster.Prefix))
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
