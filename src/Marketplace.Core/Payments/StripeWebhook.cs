using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Marketplace.Core.Payments;

public enum WebhookOutcome
{
    /// <summary>The signature is missing, wrong or too old, or the payload is not an event: nothing changed.</summary>
    Rejected,

    /// <summary>This event id was handled before: nothing changed.</summary>
    Duplicate,

    Handled,

    /// <summary>Verified and recorded, but about nothing of ours (another event type, an unknown session).</summary>
    Ignored,
}

/// <summary>
/// Stripe's events, verified by Stripe.net (signature, tolerance, API version), handled once per event id in one
/// transaction with what they change. The test-payment page's events come through here too.
/// </summary>
public sealed partial class StripeWebhook(
    MarketplaceDbContext db, PaymentSettlement settlement, WebhookSecrets secrets, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<StripeWebhook> logger)
{
    public async Task<WebhookOutcome> HandleAsync(string json, string? signature, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(
                json, signature ?? "", secrets.Current, (long)options.Value.Stripe.WebhookTolerance.TotalSeconds, now.ToUnixTimeSeconds(), throwOnApiVersionMismatch: true);
        }
        catch (Exception ex) when (ex is StripeException or System.Text.Json.JsonException or ArgumentException)
        {
            LogRejected(ex.Message);
            return WebhookOutcome.Rejected;
        }

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var first = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO stripe_events (event_id, type, received_at) VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {now.UtcDateTime}) ON CONFLICT DO NOTHING",
            cancellationToken) == 1;
        if (!first)
        {
            return WebhookOutcome.Duplicate;
        }

        var handled = stripeEvent.Data.Object switch
        {
            Session session => await SessionAsync(stripeEvent.Type, session, cancellationToken),
            Refund refund => await RefundAsync(refund, now.UtcDateTime, cancellationToken),
            _ => false,
        };
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return handled ? WebhookOutcome.Handled : WebhookOutcome.Ignored;
    }

    private async Task<bool> SessionAsync(string type, Session session, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.SingleOrDefaultAsync(
            p => p.ExternalReference == session.Id && (p.Method == PaymentMethod.Stripe || p.Method == PaymentMethod.TestPayment), cancellationToken);
        if (payment is null)
        {
            LogUnknownSession(session.Id, type);
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        switch (type)
        {
            case EventTypes.CheckoutSessionCompleted when session.PaymentStatus is "paid" or "no_payment_required":
            case EventTypes.CheckoutSessionAsyncPaymentSucceeded:
                if (session.AmountTotal != payment.AmountFen || !string.Equals(session.Currency, "cny", StringComparison.OrdinalIgnoreCase))
                {
                    LogAmountMismatch(session.Id, session.AmountTotal, session.Currency, payment.AmountFen);
                    return false;
                }

                await settlement.SucceedAsync(payment, session.PaymentIntentId, cancellationToken);
                return true;
            case EventTypes.CheckoutSessionCompleted:
                // Completed but unpaid: an asynchronous method (a bank's confirmation) is still on its way.
                return true;
            case EventTypes.CheckoutSessionAsyncPaymentFailed:
                return payment.End(PaymentStatus.Failed, now);
            case EventTypes.CheckoutSessionExpired:
                return payment.End(PaymentStatus.Expired, now);
            default:
                return false;
        }
    }

    private async Task<bool> RefundAsync(Refund refund, DateTime now, CancellationToken cancellationToken)
    {
        var ours = refund.Metadata is not null && refund.Metadata.TryGetValue("refund_id", out var id) && Guid.TryParse(id, out var refundId)
            ? await db.PaymentRefunds.SingleOrDefaultAsync(r => r.Id == refundId, cancellationToken)
            : await db.PaymentRefunds.SingleOrDefaultAsync(r => r.ExternalReference == refund.Id, cancellationToken);
        if (ours is null || ours.Status is RefundStatus.Succeeded or RefundStatus.Failed)
        {
            return false;
        }

        ours.Answered(refund.Id, refund.Status, now);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Stripe webhook was refused: {Reason}")]
    private partial void LogRejected(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {Type} names checkout session {SessionId}, which is not ours.")]
    private partial void LogUnknownSession(string sessionId, string type);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkout session {SessionId} reports {Amount} {Currency}, but its payment part is {Expected} fen CNY; not counted.")]
    private partial void LogAmountMismatch(string sessionId, long? amount, string? currency, long expected);
}
