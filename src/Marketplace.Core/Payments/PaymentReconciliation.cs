using System.Text.Json.Serialization;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Payments;

/// <summary>What does not add up for an order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentMismatch>))]
public enum PaymentMismatch
{
    /// <summary>The succeeded parts kept (less refunds of surplus money) differ from what the order counts as paid.</summary>
    PaidPartsDiffer,

    /// <summary>A cancelled order still holds money in its parts.</summary>
    CancelledNotRefunded,

    /// <summary>The after-sales refunds planned on the parts differ from what the order counts as refunded.</summary>
    RefundsDiffer,

    /// <summary>A provider refused or failed a refund; a person must resolve it.</summary>
    RefundFailed,
}

public sealed record ReconciledPart(Guid PaymentId, PaymentMethod Method, PaymentStatus Status, long AmountFen, long RefundedFen, string? ExternalReference, DateTime CreatedAt);

public sealed record ReconciledOrder(
    Guid OrderId, string Number, OrderStatus Status, long TotalFen, long PaidFen, long RefundedFen,
    long PartsSucceededFen, long PartsRefundedFen, IReadOnlyList<ReconciledPart> Parts, IReadOnlyList<PaymentMismatch> Mismatches);

public sealed record MethodTotal(PaymentMethod Method, int Parts, long SucceededFen, long RefundedFen);

public sealed record ReconciliationReport(DateOnly From, DateOnly To, IReadOnlyList<MethodTotal> Methods, IReadOnlyList<ReconciledOrder> Orders)
{
    public int MismatchCount => Orders.Count(o => o.Mismatches.Count > 0);
}

/// <summary>
/// Every payment part started in a period (China dates, both inclusive), by method, against its order, with what does
/// not add up flagged. Orders the operators must look at come first.
/// </summary>
public sealed class PaymentReconciliation(MarketplaceDbContext db)
{
    public const int MaxDays = 366;

    public async Task<ReconciliationReport> ReportAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = StartOf(from);
        var end = StartOf(to.AddDays(1));
        var orderIds = await db.Payments.AsNoTracking().Where(p => p.CreatedAt >= start && p.CreatedAt < end).Select(p => p.OrderId).Distinct().ToListAsync(cancellationToken);
        var parts = (await db.Payments.AsNoTracking().Where(p => orderIds.Contains(p.OrderId)).ToListAsync(cancellationToken)).ToLookup(p => p.OrderId);
        var refunds = (await db.PaymentRefunds.AsNoTracking().Where(r => orderIds.Contains(r.OrderId)).ToListAsync(cancellationToken)).ToLookup(r => r.OrderId);
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Number, o.Status, o.TotalFen, o.PaidFen, o.RefundedFen }).ToListAsync(cancellationToken);

        var rows = orders.Select(o =>
        {
            var own = parts[o.Id].OrderBy(p => p.CreatedAt).ToList();
            var succeeded = own.Where(p => p.Status == PaymentStatus.Succeeded).Sum(p => p.AmountFen);
            var partsRefunded = own.Sum(p => p.RefundedFen);
            var orderRefunds = refunds[o.Id].ToList();
            var surplus = orderRefunds.Where(r => r.Cause is RefundCauses.OrderNotAwaitingPayment or RefundCauses.Overpaid).Sum(r => r.AmountFen);
            var afterSales = orderRefunds.Where(r => r.Cause.StartsWith(RefundCauses.OrderRefunded, StringComparison.Ordinal)).Sum(r => r.AmountFen);
            var mismatches = new List<PaymentMismatch>();
            if (o.PaidFen > 0 && succeeded - surplus != o.PaidFen)
            {
                mismatches.Add(PaymentMismatch.PaidPartsDiffer);
            }

            if (o.Status == OrderStatus.Cancelled && succeeded - partsRefunded > 0)
            {
                mismatches.Add(PaymentMismatch.CancelledNotRefunded);
            }

            if (afterSales != o.RefundedFen)
            {
                mismatches.Add(PaymentMismatch.RefundsDiffer);
            }

            if (orderRefunds.Any(r => r.Status == RefundStatus.Failed))
            {
                mismatches.Add(PaymentMismatch.RefundFailed);
            }

            return new ReconciledOrder(
                o.Id, o.Number, o.Status, o.TotalFen, o.PaidFen, o.RefundedFen, succeeded, partsRefunded,
                [.. own.Select(p => new ReconciledPart(p.Id, p.Method, p.Status, p.AmountFen, p.RefundedFen, p.ExternalReference, p.CreatedAt))], mismatches);
        }).OrderBy(r => r.Mismatches.Count == 0).ThenBy(r => r.Number, StringComparer.Ordinal).ToList();

        var methods = parts.SelectMany(g => g).Where(p => p.CreatedAt >= start && p.CreatedAt < end).GroupBy(p => p.Method).OrderBy(g => g.Key)
            .Select(g => new MethodTotal(g.Key, g.Count(), g.Where(p => p.Status == PaymentStatus.Succeeded).Sum(p => p.AmountFen), g.Sum(p => p.RefundedFen)))
            .ToList();
        return new ReconciliationReport(from, to, methods, rows);
    }

    /// <summary>The UTC moment a China date begins (UTC+8, no daylight saving).</summary>
    private static DateTime StartOf(DateOnly chinaDate) =>
        DateTime.SpecifyKind(chinaDate.ToDateTime(TimeOnly.MinValue) - TimeSpan.FromHours(8), DateTimeKind.Utc);
}
