using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Payments;

public enum TransferFailure
{
    None,
    NotFound,

    /// <summary>Not a unit-procurement order awaiting payment, or the part is not a transfer awaiting receipt.</summary>
    NotAllowed,

    /// <summary>More than is still due.</summary>
    TooMuch,

    /// <summary>This bank reference was recorded before.</summary>
    ReferenceUsed,
}

public sealed record TransferOutcome(TransferFailure Failure, Payment? Payment = null, SettleOutcome? Settled = null);

/// <summary>
/// 对公转账: the unit's finance records the bank transfer it made (reference and amount); on receipt the operator — or
/// the selling supplier, as configured — confirms it, which counts the part and settles the order. Each step is audited.
/// </summary>
public sealed class CorporateTransfers(MarketplaceDbContext db, PaymentSettlement settlement, AuditLog audit, IOptions<PaymentsOptions> options, TimeProvider clock)
{
    public const int ReferenceMaxLength = 64;

    public CorporateTransferOptions Options => options.Value.CorporateTransfer;

    /// <summary>The unit of a unit-procurement order (to check that the caller is its finance), or null.</summary>
    public Task<Guid?> UnitOfAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Where(o => o.Id == orderId && o.FundingSource == FundingSource.UnitProcurement).Select(o => o.BuyerUnitId).SingleOrDefaultAsync(cancellationToken);

    public async Task<TransferOutcome> RecordAsync(Guid orderId, string reference, long amountFen, AuditActor actor, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => new { o.FundingSource, o.BuyerUserId }).SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return new(TransferFailure.NotFound);
        }

        var due = await settlement.AmountDueAsync(orderId, cancellationToken);
        var pending = await db.Payments.Where(p => p.OrderId == orderId && p.Method == PaymentMethod.CorporateTransfer && p.Status == PaymentStatus.Pending)
            .SumAsync(p => p.AmountFen, cancellationToken);
        if (order.FundingSource != FundingSource.UnitProcurement || due is null)
        {
            return new(TransferFailure.NotAllowed);
        }

        if (amountFen <= 0 || amountFen > due.Value.DueFen - pending)
        {
            return new(TransferFailure.TooMuch);
        }

        var trimmed = reference.Trim();
        if (await db.Payments.AnyAsync(p => p.Method == PaymentMethod.CorporateTransfer && p.ExternalReference == trimmed, cancellationToken))
        {
            return new(TransferFailure.ReferenceUsed);
        }

        var payment = Payment.Start(orderId, order.BuyerUserId, PaymentMethod.CorporateTransfer, amountFen, clock.GetUtcNow().UtcDateTime);
        payment.Reference(trimmed);
        db.Payments.Add(payment);
        audit.Append(actor, AuditActions.TransferRecorded, AuditSubjects.Payment, payment.Id.ToString(), new { orderId, reference = trimmed, amountFen });
        await db.SaveChangesAsync(cancellationToken);
        return new(TransferFailure.None, payment);
    }

    /// <summary>The suppliers whose staff may confirm the transfer when <see cref="CorporateTransferOptions.ConfirmedBy"/> is Supplier.</summary>
    public async Task<IReadOnlyList<Guid>> SuppliersOfAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var orderId = await db.Payments.AsNoTracking().Where(p => p.Id == paymentId).Select(p => p.OrderId).SingleOrDefaultAsync(cancellationToken);
        return await db.SubOrders.AsNoTracking().Where(s => s.OrderId == orderId).Select(s => s.SupplierId).Distinct().ToListAsync(cancellationToken);
    }

    public async Task<TransferOutcome> ConfirmAsync(Guid paymentId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == paymentId && p.Method == PaymentMethod.CorporateTransfer, cancellationToken);
        if (payment is null)
        {
            return new(TransferFailure.NotFound);
        }

        if (payment.Status != PaymentStatus.Pending)
        {
            return new(TransferFailure.NotAllowed, payment);
        }

        var settled = await settlement.SucceedAsync(payment, null, cancellationToken);
        audit.Append(actor, AuditActions.TransferConfirmed, AuditSubjects.Payment, payment.Id.ToString(), new { payment.OrderId, payment.AmountFen, outcome = settled.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(TransferFailure.None, payment, settled);
    }
}
