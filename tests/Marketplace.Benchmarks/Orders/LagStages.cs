using System.Globalization;
using Dapper;
using Npgsql;

namespace Marketplace.Benchmarks.Orders;

/// <summary>
/// Where an order's submit-to-ledger time goes, from the timestamps the product stores: the orders, payments, outbox
/// and inbox rows of the orders submitted since a moment (one run), as p50 and p99 per stage.
/// </summary>
internal static class LagStages
{
    private const string Sql = """
        WITH o AS (
            SELECT id, submitted_at, placed_at, paid_at FROM orders WHERE submitted_at >= @since AND paid_at IS NOT NULL
        ), msg AS (
            SELECT m.id, (m.body::jsonb ->> 'orderId')::uuid AS order_id, split_part(m.message_type, ',', 1) AS type, m.created_at, m.sent_at,
                   (SELECT MIN(i.processed_at) FROM inbox_messages i WHERE i.message_id = m.id) AS received_at
            FROM outbox_messages m WHERE m.created_at >= @since
        ), staged AS (
            SELECT o.id,
                   s.sent_at - o.submitted_at AS submit_relayed,
                   s.received_at - s.sent_at AS submit_delivered,
                   o.placed_at - s.received_at AS deciding,
                   p.created_at - o.placed_at AS placed_to_checkout,
                   p.succeeded_at - p.created_at AS checkout_to_webhook,
                   ps.sent_at - ps.created_at AS payment_relayed,
                   ps.received_at - ps.sent_at AS payment_delivered,
                   op.created_at - ps.received_at AS marking_paid,
                   op.sent_at - op.created_at AS paid_relayed,
                   (SELECT MIN(i.processed_at) FROM inbox_messages i WHERE i.message_id = op.id AND i.consumer LIKE '%Ledger%') - op.sent_at AS paid_delivered_to_ledger
            FROM o
            JOIN msg s ON s.order_id = o.id AND s.type = 'Marketplace.Contracts.Ordering.SubmitOrder'
            JOIN payments p ON p.order_id = o.id AND p.succeeded_at IS NOT NULL
            JOIN msg ps ON ps.order_id = o.id AND ps.type = 'Marketplace.Contracts.Payments.PaymentSucceeded'
            JOIN msg op ON op.order_id = o.id AND op.type = 'Marketplace.Contracts.Ordering.OrderPaid'
        )
        SELECT stage, COUNT(*)::int AS orders,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
        FROM staged, LATERAL (VALUES
            (1, 'web relay publishes SubmitOrder', EXTRACT(EPOCH FROM submit_relayed) * 1000),
            (2, 'broker → order service takes SubmitOrder', EXTRACT(EPOCH FROM submit_delivered) * 1000),
            (3, 'order service prices, reserves, places', EXTRACT(EPOCH FROM deciding) * 1000),
            (4, 'placed → buyer opens checkout (watcher poll, HTTP, Stripe call)', EXTRACT(EPOCH FROM placed_to_checkout) * 1000),
            (5, 'checkout → webhook settles', EXTRACT(EPOCH FROM checkout_to_webhook) * 1000),
            (6, 'web relay publishes PaymentSucceeded', EXTRACT(EPOCH FROM payment_relayed) * 1000),
            (7, 'broker → order service takes PaymentSucceeded', EXTRACT(EPOCH FROM payment_delivered) * 1000),
            (8, 'order service marks paid', EXTRACT(EPOCH FROM marking_paid) * 1000),
            (9, 'order-service relay publishes OrderPaid', EXTRACT(EPOCH FROM paid_relayed) * 1000),
            (10, 'broker → ledger consumer takes OrderPaid', EXTRACT(EPOCH FROM paid_delivered_to_ledger) * 1000)
        ) AS v(n, stage, ms)
        GROUP BY n, stage ORDER BY n
        """;

    public static async Task PrintAsync(string connectionString, DateTime since)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync<(string Stage, int Orders, double P50, double P99)>(Sql, new { since }, commandTimeout: 120);
        Console.WriteLine("  where the lag goes (from the stored timestamps; p50 / p99 ms):");
        foreach (var (stage, orders, p50, p99) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {stage,-66} {p50,8:F0} {p99,8:F0}   ({orders} orders)"));
        }
    }
}
