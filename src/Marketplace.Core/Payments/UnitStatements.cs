using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;

namespace Marketplace.Core.Payments;

/// <summary>One order on a unit's monthly statement: what it owed at the month's start, what moved in the month, and what it owes at its end.</summary>
public sealed record StatementOrder(
    Guid OrderId, string Number, OrderKind Kind, FundingSource FundingSource, OrderStatus Status, string? PoNumber, DateTime PlacedAt, long TotalFen,
    long OpeningFen, long ChargedFen, long CreditedFen, long PaidFen, long RefundedFen, long ClosingFen);

/// <summary>Money received and paid back in the month by one payment method.</summary>
public sealed record StatementMethod(PaymentMethod Method, long PaidFen, long RefundedFen);

/// <summary>
/// 单位月度对账单: a unit's own orders (channel <see cref="OrderChannel.UnitCollective"/>) in a China-time month, exact in fen.
/// Balance due (应付余额) = charged − credited − paid + refunded, summed from the first order on; positive means the unit
/// owes, negative that money is owed back to it. <see cref="ClosingFen"/> = <see cref="OpeningFen"/> + <see cref="ChargedFen"/>
/// − <see cref="CreditedFen"/> − <see cref="PaidFen"/> + <see cref="RefundedFen"/>, and each month opens with the one
/// before's closing balance. <see cref="RefundsOutstandingFen"/> is what was due back to the unit at the month's end and
/// not yet paid back (part of a negative balance), such as corporate transfers finance still has to return.
/// </summary>
public sealed record UnitStatement(
    Guid UnitId, string UnitName, string Month, DateOnly FirstDay, DateOnly LastDay,
    long OpeningFen, long ChargedFen, long CreditedFen, long PaidFen, long RefundedFen, long ClosingFen, long RefundsOutstandingFen,
    IReadOnlyList<StatementMethod> Methods, IReadOnlyList<StatementOrder> Orders);

/// <summary>
/// Builds <see cref="UnitStatement"/>s with Dapper from orders, payment parts and refunds (the same SQL on SQLite and
/// PostgreSQL). Each movement is dated when it happened, so a closed month never changes:
/// <list type="bullet">
/// <item>charged: the order's total when the order service placed it (an order refused at placing never owed anything);</item>
/// <item>credited: a cancellation (the total less what after-sales had already credited) and every after-sales refund, when decided;</item>
/// <item>paid: each payment part that succeeded, when its money arrived (transfers when receipt was confirmed);</item>
/// <item>refunded: each refund, when it was paid back to where the money came from.</item>
/// </list>
/// Employees' personal orders are theirs, not the unit's, even when paid from the unit's welfare allowance: the
/// allowance granted, spent, refunded and expired is on the unit's welfare page, not on this statement.
/// </summary>
public sealed class UnitStatements(ReadConnections connections)
{
    private const string Charged = "Charged";
    private const string Credited = "Credited";
    private const string Paid = "Paid";
    private const string RefundDue = "RefundDue";
    private const string Refunded = "Refunded";

    /// <summary>The statement, or null when there is no such organization.</summary>
    public async Task<UnitStatement?> BuildAsync(Guid unitId, StatementMonth month, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var name = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT name FROM organizations WHERE id = @unitId", new { unitId }, cancellationToken: cancellationToken));
        if (name is null)
        {
            return null;
        }

        var rows = (await connection.QueryAsync<MovementRow>(new CommandDefinition($"""
            WITH unit_orders AS (
                SELECT id, number, kind, funding_source, status, po_number, placed_at, cancelled_at, total_fen, refunded_fen
                FROM orders
                WHERE buyer_unit_id = @unitId AND channel = @channel AND placed_at IS NOT NULL AND placed_at < @end
            ), movements AS (
                SELECT id AS order_id, '{Charged}' AS movement, CAST(NULL AS VARCHAR(20)) AS method, total_fen AS amount_fen, placed_at AS happened_at
                FROM unit_orders
                UNION ALL
                SELECT id, '{Credited}', NULL, total_fen - refunded_fen, cancelled_at
                FROM unit_orders WHERE status = @cancelled AND cancelled_at IS NOT NULL
                UNION ALL
                SELECT r.order_id, '{Credited}', NULL, r.amount_fen, r.created_at
                FROM payment_refunds r JOIN unit_orders o ON o.id = r.order_id WHERE r.cause LIKE @afterSales
                UNION ALL
                SELECT p.order_id, '{Paid}', p.method, p.amount_fen, p.succeeded_at
                FROM payments p JOIN unit_orders o ON o.id = p.order_id WHERE p.status = @succeeded AND p.succeeded_at IS NOT NULL
                UNION ALL
                SELECT r.order_id, '{RefundDue}', r.method, r.amount_fen, r.created_at
                FROM payment_refunds r JOIN unit_orders o ON o.id = r.order_id
                UNION ALL
                SELECT r.order_id, '{Refunded}', r.method, r.amount_fen, r.completed_at
                FROM payment_refunds r JOIN unit_orders o ON o.id = r.order_id WHERE r.status = @refundSucceeded AND r.completed_at IS NOT NULL
            )
            SELECT m.order_id AS OrderId, m.movement AS Movement, m.method AS Method,
                   o.number AS Number, o.kind AS Kind, o.funding_source AS FundingSource, o.status AS Status, o.po_number AS PoNumber,
                   o.placed_at AS PlacedAt, o.total_fen AS TotalFen,
                   CAST(SUM(CASE WHEN m.happened_at < @start THEN m.amount_fen ELSE 0 END) AS BIGINT) AS BeforeFen,
                   CAST(SUM(CASE WHEN m.happened_at >= @start THEN m.amount_fen ELSE 0 END) AS BIGINT) AS WithinFen
            FROM movements m JOIN unit_orders o ON o.id = m.order_id
            WHERE m.happened_at < @end
            GROUP BY m.order_id, m.movement, m.method, o.number, o.kind, o.funding_source, o.status, o.po_number, o.placed_at, o.total_fen
            """,
            new
            {
                unitId,
                start = month.StartUtc,
                end = month.EndUtc,
                channel = nameof(OrderChannel.UnitCollective),
                cancelled = nameof(OrderStatus.Cancelled),
                succeeded = nameof(PaymentStatus.Succeeded),
                refundSucceeded = nameof(RefundStatus.Succeeded),
                afterSales = RefundCauses.OrderRefunded + "%",
            },
            cancellationToken: cancellationToken))).ToList();

        var orders = rows.GroupBy(r => r.OrderId).Select(Order)
            .Where(o => o.OpeningFen != 0 || o.ChargedFen != 0 || o.CreditedFen != 0 || o.PaidFen != 0 || o.RefundedFen != 0)
            .OrderBy(o => o.PlacedAt).ThenBy(o => o.Number, StringComparer.Ordinal)
            .ToList();
        var methods = rows.Where(r => r.Method is not null && r.WithinFen != 0 && r.Movement is Paid or Refunded)
            .GroupBy(r => Enum.Parse<PaymentMethod>(r.Method!)).OrderBy(g => g.Key)
            .Select(g => new StatementMethod(g.Key, Sum(g, Paid, within: true), Sum(g, Refunded, within: true)))
            .ToList();
        var opening = rows.GroupBy(r => r.OrderId).Sum(g => Balance(g, before: true, within: false));
        return new UnitStatement(
            unitId, name, month.ToString(), month.FirstDay, month.LastDay, opening,
            orders.Sum(o => o.ChargedFen), orders.Sum(o => o.CreditedFen), orders.Sum(o => o.PaidFen), orders.Sum(o => o.RefundedFen),
            orders.Sum(o => o.ClosingFen),
            Sum(rows, RefundDue, before: true, within: true) - Sum(rows, Refunded, before: true, within: true),
            methods, orders);
    }

    private static StatementOrder Order(IGrouping<Guid, MovementRow> movements)
    {
        var first = movements.First();
        var opening = Balance(movements, before: true, within: false);
        return new StatementOrder(
            first.OrderId, first.Number, Enum.Parse<OrderKind>(first.Kind), Enum.Parse<FundingSource>(first.FundingSource), Enum.Parse<OrderStatus>(first.Status),
            first.PoNumber, first.PlacedAt, first.TotalFen, opening,
            Sum(movements, Charged, within: true), Sum(movements, Credited, within: true), Sum(movements, Paid, within: true), Sum(movements, Refunded, within: true),
            opening + Balance(movements, before: false, within: true));
    }

    /// <summary>charged − credited − paid + refunded over the chosen periods.</summary>
    private static long Balance(IEnumerable<MovementRow> movements, bool before, bool within) =>
        Sum(movements, Charged, before, within) - Sum(movements, Credited, before, within) - Sum(movements, Paid, before, within) + Sum(movements, Refunded, before, within);

    private static long Sum(IEnumerable<MovementRow> movements, string movement, bool before = false, bool within = false) =>
        movements.Where(m => m.Movement == movement).Sum(m => (before ? m.BeforeFen : 0) + (within ? m.WithinFen : 0));

    private sealed class MovementRow
    {
        public Guid OrderId { get; set; }
        public string Movement { get; set; } = "";
        public string? Method { get; set; }
        public string Number { get; set; } = "";
        public string Kind { get; set; } = "";
        public string FundingSource { get; set; } = "";
        public string Status { get; set; } = "";
        public string? PoNumber { get; set; }
        public DateTime PlacedAt { get; set; }
        public long TotalFen { get; set; }
        public long BeforeFen { get; set; }
        public long WithinFen { get; set; }
    }
}
