using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Payments;

/// <summary>A corporate transfer waiting to be paid back to the unit that made it.</summary>
public sealed record TransferRefundDue(
    Guid RefundId, Guid PaymentId, Guid OrderId, string OrderNumber, string? UnitName, long AmountFen, string Cause, string? TransferReference, DateTime CreatedAt);

/// <summary>
/// 对公转账退款: a cancelled or refunded unit order's transfer goes back by bank, not through a provider, so the refund
/// waits as <see cref="RefundStatus.DueByFinance"/> until whoever received the transfer records the bank reference of
/// the payment back. Audited; the same reference is never recorded for two refunds.
/// </summary>
public sealed class TransferRefunds(MarketplaceDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<TransferRefundDue>> DueAsync(CancellationToken cancellationToken) =>
        await (from r in db.PaymentRefunds.AsNoTracking()
               where r.Method == PaymentMethod.CorporateTransfer && r.Status == RefundStatus.DueByFinance
               join o in db.Orders.AsNoTracking() on r.OrderId equals o.Id
               join p in db.Payments.AsNoTracking() on r.PaymentId equals p.Id
               join u in db.Organizations.AsNoTracking() on o.BuyerUnitId equals u.Id into units
               from u in units.DefaultIfEmpty()
               orderby r.CreatedAt
               select new TransferRefundDue(r.Id, r.PaymentId, r.OrderId, o.Number, u.Name, r.AmountFen, r.Cause, p.ExternalReference, r.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The payment a refund goes back from (to check who may record it), or null.</summary>
    public Task<Guid?> PaymentOfAsync(Guid refundId, CancellationToken cancellationToken) =>
        db.PaymentRefunds.AsNoTracking().Where(r => r.Id == refundId && r.Method == PaymentMethod.CorporateTransfer)
            .Select(r => (Guid?)r.PaymentId).SingleOrDefaultAsync(cancellationToken);

    public async Task<TransferFailure> RecordPaidBackAsync(Guid refundId, string reference, AuditActor actor, CancellationToken cancellationToken)
    {
        var refund = await db.PaymentRefunds.SingleOrDefaultAsync(r => r.Id == refundId && r.Method == PaymentMethod.CorporateTransfer, cancellationToken);
        if (refund is null)
        {
            return TransferFailure.NotFound;
        }

        if (refund.Status != RefundStatus.DueByFinance)
        {
            return TransferFailure.NotAllowed;
        }

        var trimmed = reference.Trim();
        if (await db.PaymentRefunds.AnyAsync(r => r.Method == PaymentMethod.CorporateTransfer && r.ExternalReference == trimmed, cancellationToken))
        {
            return TransferFailure.ReferenceUsed;
        }

        refund.Complete(trimmed, clock.GetUtcNow().UtcDateTime);
        audit.Append(actor, AuditActions.TransferRefundPaidBack, AuditSubjects.Payment, refund.PaymentId.ToString(),
            new { refundId, refund.OrderId, refund.AmountFen, reference = trimmed });
        try
        {
            // The refund's revision is its concurrency token: two people recording at once, one wins.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TransferFailure.NotAllowed;
        }

        return TransferFailure.None;
    }
}
