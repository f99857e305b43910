using Marketplace.Contracts.Payments;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Payments;

/// <summary>
/// Plans refunds in the caller's transaction, part by part, each back where it came from: Stripe (and test-payment)
/// parts through a <c>RefundPayment</c> command, corporate transfers as due by finance, welfare allowance parts
/// through <c>WelfareRefundDue</c> for the wallet side.
/// </summary>
public sealed class PaymentRefunds(MarketplaceDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Spreads <paramref name="amountFen"/> over the order's succeeded parts: the group's money first (allowance, then
    /// transfers), so an after-sales refund never turns an allowance into cash; then the buyer's own, newest first.
    /// Returns what could not be placed (zero unless the parts hold less than asked).
    /// </summary>
    public async Task<long> PlanAsync(Guid orderId, long? amountFen, string cause, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var parts = await db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Succeeded).ToListAsync(cancellationToken);
        var left = amountFen ?? parts.Sum(p => p.RefundableFen);
        foreach (var part in parts.Where(p => p.RefundableFen > 0).OrderBy(p => Priority(p.Method)).ThenByDescending(p => p.SucceededAt))
        {
            if (left <= 0)
            {
                break;
            }

            var amount = Math.Min(left, part.RefundableFen);
            Plan(part, amount, cause, now);
            left -= amount;
        }

        return left;
    }

    /// <summary>Counts a refund of <paramref name="amountFen"/> on <paramref name="payment"/> and starts it on its way back.</summary>
    public PaymentRefund Plan(Payment payment, long amountFen, string cause, DateTime now)
    {
        payment.CountRefund(amountFen);
        var refund = PaymentRefund.Plan(payment, amountFen, cause, now);
        db.PaymentRefunds.Add(refund);
        switch (payment.Method)
        {
            case PaymentMethod.Stripe or PaymentMethod.TestPayment:
                db.AddToOutbox(new RefundPayment(refund.Id), clock);
                break;
            case PaymentMethod.WelfareAllowance:
                db.AddToOutbox(new WelfareRefundDue(refund.Id, payment.Id, payment.OrderId, payment.BuyerUserId, payment.ExternalReference ?? "", amountFen, now), clock);
                break;
            default:
                // A corporate transfer is paid back by the group's finance; the refund stays DueByFinance until recorded.
                break;
        }

        return refund;
    }

    private static int Priority(PaymentMethod method) => method switch
    {
        PaymentMethod.WelfareAllowance => 0,
        PaymentMethod.CorporateTransfer => 1,
        _ => 2,
    };
}
