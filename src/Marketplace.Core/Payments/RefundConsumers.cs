using System.Net;
using MassTransit;
using Marketplace.Contracts.Ordering;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Stripe;

namespace Marketplace.Core.Payments;

/// <summary>
/// A cancelled order gives back every payment part it still holds: what was paid in full, and also the parts of an
/// order that was never fully paid (an allowance part whose Stripe rest never came). Checkout Sessions still open are
/// closed at Stripe, each by its own command so that a failed call is retried by the bus.
/// </summary>
public sealed class OrderCancelledRefundConsumer(MarketplaceDbContext db, PaymentRefunds refunds, TimeProvider clock) : TransactionalConsumer<OrderCancelled>(db, clock)
{
    protected override async Task Handle(ConsumeContext<OrderCancelled> context)
    {
        var orderId = context.Message.OrderId;
        await refunds.PlanAsync(orderId, null, RefundCauses.OrderCancelled, context.CancellationToken);
        var open = await Db.Payments.AsNoTracking()
            .Where(p => p.OrderId == orderId && p.Method == PaymentMethod.Stripe && p.Status == PaymentStatus.Pending && p.ExternalReference != null)
            .Select(p => p.Id).ToListAsync(context.CancellationToken);
        foreach (var paymentId in open)
        {
            Db.AddToOutbox(new ExpireCheckoutSession(paymentId), Clock);
        }
    }
}

/// <summary>
/// Expires a cancelled order's open Checkout Session at Stripe (idempotency key from the part's id) and ends the part.
/// A session the buyer completed meanwhile is left alone: its completion event arrives and, the order no longer
/// waiting, the part is refunded (<see cref="PaymentSettlement.SucceedAsync"/>).
/// </summary>
public sealed class ExpireCheckoutSessionConsumer(MarketplaceDbContext db, StripeGateway stripe, TimeProvider clock) : TransactionalConsumer<ExpireCheckoutSession>(db, clock)
{
    protected override async Task Handle(ConsumeContext<ExpireCheckoutSession> context)
    {
        var cancellationToken = context.CancellationToken;
        var payment = await Db.Payments.SingleAsync(p => p.Id == context.Message.PaymentId, cancellationToken);
        if (payment is not { Status: PaymentStatus.Pending, Method: PaymentMethod.Stripe, ExternalReference: { } sessionId })
        {
            return;
        }

        string? status;
        try
        {
            status = (await stripe.ExpireCheckoutSessionAsync(payment, cancellationToken)).Status;
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.BadRequest)
        {
            // Stripe expires only open sessions: this one completed or expired already. Any other answer is retried.
            status = (await stripe.GetCheckoutSessionAsync(sessionId, cancellationToken)).Status;
            if (status == "open")
            {
                throw;
            }
        }

        if (status == "expired")
        {
            payment.End(PaymentStatus.Expired, Clock.GetUtcNow().UtcDateTime);
        }
    }
}

/// <summary>An after-sales refund or a supplier's refusal takes its amount back from the order's payment parts.</summary>
public sealed partial class OrderRefundedRefundConsumer(MarketplaceDbContext db, PaymentRefunds refunds, TimeProvider clock, ILogger<OrderRefundedRefundConsumer> logger)
    : TransactionalConsumer<OrderRefunded>(db, clock)
{
    protected override async Task Handle(ConsumeContext<OrderRefunded> context)
    {
        var message = context.Message;
        var unplaced = await refunds.PlanAsync(message.OrderId, message.AmountFen, RefundCauses.OrderRefunded + message.RefundId, context.CancellationToken);
        if (unplaced > 0)
        {
            // Ordering never refunds more than was paid, so this means money arrived outside the payment parts;
            // the reconciliation report lists the order (refund parts differ from the refunded amount).
            LogShortfall(message.OrderId, message.RefundId, message.AmountFen, unplaced);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId}: refund {RefundId} of {AmountFen} fen finds {UnplacedFen} fen fewer in its payment parts.")]
    private partial void LogShortfall(Guid orderId, Guid refundId, long amountFen, long unplacedFen);
}

/// <summary>
/// Sends a planned refund to the provider. Stripe's refund is created with the refund's id as idempotency key, so a
/// redelivery or a retry after a lost answer refunds once; test-payment parts need no call.
/// </summary>
public sealed class RefundPaymentConsumer(MarketplaceDbContext db, StripeGateway stripe, TimeProvider clock) : TransactionalConsumer<RefundPayment>(db, clock)
{
    protected override async Task Handle(ConsumeContext<RefundPayment> context)
    {
        var cancellationToken = context.CancellationToken;
        var refund = await Db.PaymentRefunds.SingleAsync(r => r.Id == context.Message.RefundId, cancellationToken);
        if (refund.Status != RefundStatus.Pending)
        {
            return;
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        if (refund.Method == PaymentMethod.TestPayment)
        {
            refund.Complete($"re_local_{refund.Id:N}", now);
            return;
        }

        var payment = await Db.Payments.AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, cancellationToken);
        var answer = await stripe.CreateRefundAsync(refund, payment, cancellationToken);
        refund.Answered(answer.Id, answer.Status, now);
    }
}

public sealed class OrderCancelledRefundConsumerDefinition : MarketplaceConsumerDefinition<OrderCancelledRefundConsumer>;

public sealed class OrderRefundedRefundConsumerDefinition : MarketplaceConsumerDefinition<OrderRefundedRefundConsumer>;

public sealed class RefundPaymentConsumerDefinition : MarketplaceConsumerDefinition<RefundPaymentConsumer>;

public sealed class ExpireCheckoutSessionConsumerDefinition : MarketplaceConsumerDefinition<ExpireCheckoutSessionConsumer>;
