using Dapper;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// <see cref="OrderingInvariants"/> on the embedded default's SQLite file, where no broker holds queues: a message is
/// handled once each consumer of its type has its inbox row.
/// </summary>
internal static class EmbeddedInvariants
{
    public static async Task AssertAsync(EmbeddedRuntime runtime, OrderingExpectations expected)
    {
        await using var connection = await runtime.OpenAsync();
        // EF Core stores a Guid on SQLite as upper-case text; the JSON of a message holds it in lower case.
        var orders = (await connection.QueryAsync<(string Id, string Status, long TotalFen, long PaidFen, long RefundedFen)>(
            "SELECT id, status, total_fen, paid_fen, refunded_fen FROM orders")).ToDictionary(o => Guid.Parse(o.Id), o => new StoredOrder(o.Status, o.TotalFen, o.PaidFen, o.RefundedFen));
        var events = (await connection.QueryAsync<(string OrderId, string Type, long Count)>("""
            SELECT json_extract(body, '$.orderId'), substr(message_type, 1, instr(message_type, ',') - 1), COUNT(*) FROM outbox_messages
            WHERE json_extract(body, '$.orderId') IS NOT NULL GROUP BY 1, 2
            """)).ToDictionary(e => (Guid.Parse(e.OrderId), e.Type), e => e.Count);
        var approved = (await connection.QueryAsync<string>("SELECT order_id FROM order_approvals WHERE status = 'Approved'")).Select(Guid.Parse).ToHashSet();
        var stock = (await connection.QueryAsync<(string Id, long Stock, long Held, long Sold)>("""
            SELECT s.id, (SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = s.id),
                   COALESCE(SUM(CASE WHEN o.status IN ('AwaitingApproval', 'AwaitingPayment', 'Paid') THEN l.quantity END), 0),
                   COALESCE(SUM(CASE WHEN o.status = 'Paid' THEN l.quantity END), 0)
            FROM listing_skus s LEFT JOIN order_lines l ON l.sku_id = s.id LEFT JOIN orders o ON o.id = l.order_id
            GROUP BY s.id
            """)).ToDictionary(s => Guid.Parse(s.Id), s => new StoredStock(s.Stock, s.Held, s.Sold));
        var stored = await StoredOrdering.ReadAsync(runtime, connection, orders, events, approved, stock);
        var unhandled = await UnhandledAsync(runtime);

        Assert.Multiple(() =>
        {
            stored.AssertMeets(expected);
            Assert.That(unhandled, Is.Empty, "every outbox row was sent and handled by each consumer of its type");
        });
    }

    /// <summary>Each message type and consumer with outbox rows that consumer has no inbox row for.</summary>
    public static async Task<List<string>> UnhandledAsync(EmbeddedRuntime runtime)
    {
        await using var db = runtime.Context();
        var unhandled = new List<string>();
        foreach (var (messageType, consumer) in OrderServiceConsumers.Handling)
        {
            var count = await db.OutboxMessages.CountAsync(m => m.MessageType == messageType
                && (m.SentAt == null || !db.InboxMessages.Any(i => i.Consumer == consumer && i.MessageId == m.Id)));
            if (count > 0)
            {
                unhandled.Add($"{count} {messageType} not handled by {consumer}");
            }
        }

        return unhandled;
    }
}
