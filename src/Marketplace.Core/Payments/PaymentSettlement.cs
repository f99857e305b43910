using Marketplace.Contracts.Payments;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Payments;

public enum SettleOutcome
{
    /// <summary>The part was already counted (a repeated notice); nothing changed.</summary>
    AlreadyCounted,

    /// <summary>Counted; the order still waits for the rest.</summary>
    Partial,

    /// <summary>The parts now cover the order: <c>PaymentSucceeded</c> is in the outbox.</summary>
    Settled,

    /// <summary>The order no longer waits for payment (cancelled, expired, already covered): the part is being refunded.</summary>
    Refunded,
}

/// <summary>
/// Counts succeeded payment parts against their order and, when they cover its total, writes <c>PaymentSucceeded</c>
/// to the outbox. Works in the caller's <see cref="MarketplaceDbContext"/> and transaction: the caller saves and
/// commits, so a wallet debit, its part and the settlement are one transaction.
/// </summary>
public sealed class PaymentSettlement(MarketplaceDbContext db, PaymentRefunds refunds, TimeProvider clock)
{
    /// <summary>
    /// The seam for parts that succeed at once (a welfare allowance spent from a wallet, a confirmed transfer): records a
    /// succeeded part of <paramref name="method"/> and <paramref name="amountFen"/> for the order and settles the order
    /// when covered. Call it inside your transaction, then <c>SaveChangesAsync</c> and commit. Throws
    /// <see cref="PaymentRuleException"/> when the order is unknown or does not wait for payment, so nothing is taken.
    /// </summary>
    public async Task<(Payment Payment, SettleOutcome Outcome)> RecordSucceededAsync(
        Guid orderId, PaymentMethod method, long amountFen, string externalReference, CancellationToken cancellationToken)
    {
        var due = await AmountDueAsync(orderId, cancellationToken);
        if (due is null)
        {
            throw new PaymentRuleException(PaymentRule.OrderNotPayable, $"Order {orderId} does not wait for payment.");
        }

        if (amountFen <= 0 || amountFen > due.Value.DueFen)
        {
            throw new PaymentRuleException(PaymentRule.AmountOutOfRange, $"Order {orderId} has {due.Value.DueFen} fen due, not {amountFen}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var payment = Payment.Start(orderId, due.Value.BuyerUserId, method, amountFen, now);
        payment.Reference(externalReference);
        db.Payments.Add(payment);
        return (payment, await SucceedAsync(payment, null, cancellationToken));
    }

    /// <summary>What the buyer still owes on an order awaiting payment (total less succeeded parts), or null if it is not awaiting payment.</summary>
    public async Task<(long DueFen, long TotalFen, Guid BuyerUserId)?> AmountDueAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && o.Status == OrderStatus.AwaitingPayment)
            .Select(o => new { o.TotalFen, o.BuyerUserId }).SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return null;
        }

        var paid = await PaidAsync(orderId, null, cancellationToken);
        return (Math.Max(0, order.TotalFen - paid), order.TotalFen, order.BuyerUserId);
    }

    /// <summary>
    /// Marks <paramref name="payment"/> succeeded and settles its order: <c>PaymentSucceeded</c> once the parts cover
    /// the total; a refund of the part (or of its excess) if the order no longer waits or is already covered.
    /// </summary>
    public async Task<SettleOutcome> SucceedAsync(Payment payment, string? providerPaymentId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!payment.Succeed(providerPaymentId, now))
        {
            return SettleOutcome.AlreadyCounted;
        }

        // Takes the order's row lock without changing it: a cancellation (sweep or buyer) either committed before —
        // then this part is refunded here — or commits after, and its OrderCancelled refunds this part.
        var waiting = await db.Database.ExecuteSqlAsync(
            $"UPDATE orders SET revision = revision WHERE id = {payment.OrderId} AND status = {nameof(OrderStatus.AwaitingPayment)}",
            cancellationToken) == 1;
        if (!waiting)
        {
            refunds.Plan(payment, payment.AmountFen, RefundCauses.OrderNotAwaitingPayment, now);
            return SettleOutcome.Refunded;
        }

        var total = await db.Orders.AsNoTracking().Where(o => o.Id == payment.OrderId).Select(o => o.TotalFen).SingleAsync(cancellationToken);
        var before = await PaidAsync(payment.OrderId, payment.Id, cancellationToken);
        if (before >= total)
        {
            refunds.Plan(payment, payment.AmountFen, RefundCauses.OrderNotAwaitingPayment, now);
            return SettleOutcome.Refunded;
        }

        if (before + payment.AmountFen < total)
        {
            return SettleOutcome.Partial;
        }

        var excess = before + payment.AmountFen - total;
        if (excess > 0)
        {
            refunds.Plan(payment, excess, RefundCauses.Overpaid, now);
        }

        db.AddToOutbox(new PaymentSucceeded(payment.OrderId, payment.Id, total, payment.Method.ToString(), now), clock);
        return SettleOutcome.Settled;
    }

    private async Task<long> PaidAsync(Guid orderId, Guid? except, CancellationToken cancellationToken) =>
        await db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Succeeded && p.Id != except)
            .SumAsync(p => p.AmountFen - p.RefundedFen, cancellationToken);
}
