using Marketplace.Core.Data;
using Marketplace.Core.Payments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Payments;

public sealed record PaymentPartView(
    Guid Id, PaymentMethod Method, long AmountFen, PaymentStatus Status, string? ExternalReference, long RefundedFen, DateTime CreatedAt, DateTime? SucceededAt,
    IReadOnlyList<RefundView> Refunds);

public sealed record RefundView(Guid Id, long AmountFen, RefundStatus Status, string Cause, string? ExternalReference, DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>An order's payment parts with their refunds, oldest first.</summary>
public sealed class OrderPayments(MarketplaceDbContext db)
{
    public async Task<IReadOnlyList<PaymentPartView>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var parts = await db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        var refunds = (await db.PaymentRefunds.AsNoTracking().Where(r => r.OrderId == orderId).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken))
            .ToLookup(r => r.PaymentId);
        return [.. parts.Select(p => new PaymentPartView(
            p.Id, p.Method, p.AmountFen, p.Status, p.ExternalReference, p.RefundedFen, p.CreatedAt, p.SucceededAt,
            [.. refunds[p.Id].Select(r => new RefundView(r.Id, r.AmountFen, r.Status, r.Cause, r.ExternalReference, r.CreatedAt, r.CompletedAt))]))];
    }
}
