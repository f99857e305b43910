using Marketplace.Core.Data;
using Marketplace.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Payments;

public enum CheckoutFailure
{
    None,
    NotFound,

    /// <summary>The order does not wait for payment (not yet approved, paid, cancelled).</summary>
    NotPayable,

    /// <summary>Its parts already cover it; the order service is marking it paid.</summary>
    NothingDue,

    /// <summary>No Stripe keys in Production: there is no way to pay by card.</summary>
    NotConfigured,

    /// <summary>The allowance was asked for, but none of the buyer's wallets can pay this order (no balance, expired, or not for these products).</summary>
    NoAllowance,

    /// <summary>The allowance amount asked for is not between one fen and what the allowance can pay.</summary>
    AllowanceOutOfRange,
}

/// <summary>The page for the rest: <see cref="AmountFen"/> on it, after <see cref="AllowanceFen"/> the allowance paid in this call.</summary>
public sealed record CheckoutStarted(Guid PaymentId, PaymentMethod Method, long AmountFen, string CheckoutUrl, long AllowanceFen = 0);

/// <summary>The allowance paid all that was due: no page to open; the order service is marking the order paid.</summary>
public sealed record CheckoutPaid(long AllowanceFen);

/// <summary>
/// <see cref="Started"/> is the page for the rest; null with no failure when the allowance paid everything
/// (<see cref="AllowanceFen"/>, the part the allowance paid in this call).
/// </summary>
public sealed record CheckoutOutcome(CheckoutFailure Failure, CheckoutStarted? Started = null, long AllowanceFen = 0);

/// <summary>What the allowance can pay of the order now (<see cref="QuoteFen"/>) and how much of it to spend.</summary>
public sealed record AllowanceChoice(CheckoutFailure Failure, long QuoteFen = 0, long SpendFen = 0);

/// <summary>
/// The buyer pays what is still due on an order: a Stripe Checkout Session (card, Alipay, WeChat Pay), or without
/// Stripe keys the test-payment page. An open attempt for the same amount is reused, so a double click opens one.
/// With <c>allowanceFen</c>, the buyer's welfare allowance pays up to that much first, and the page opens for the rest.
/// </summary>
public sealed class StartCheckout(
    MarketplaceDbContext db, PaymentSettlement settlement, AllowancePayment allowance, StripeGateway stripe, IOptions<PaymentsOptions> options,
    IHostEnvironment environment, TimeProvider clock)
{
    /// <summary>
    /// The buyer asks to pay with the allowance first: <paramref name="askedFen"/> of it, or all it can pay when null.
    /// Spends nothing; <see cref="HandleAsync"/> spends <see cref="AllowanceChoice.SpendFen"/>.
    /// </summary>
    public async Task<AllowanceChoice> ChooseAllowanceAsync(Guid orderId, Guid buyerId, long? askedFen, CancellationToken cancellationToken)
    {
        if (await NumberAsync(orderId, buyerId, cancellationToken) is null)
        {
            return new(CheckoutFailure.NotFound);
        }

        var quote = await allowance.QuoteAsync(orderId, buyerId, cancellationToken);
        if (quote == 0)
        {
            var due = await settlement.AmountDueAsync(orderId, cancellationToken);
            return new(due is null ? CheckoutFailure.NotPayable : due.Value.DueFen == 0 ? CheckoutFailure.NothingDue : CheckoutFailure.NoAllowance);
        }

        var spend = askedFen ?? quote;
        return spend > 0 && spend <= quote ? new(CheckoutFailure.None, quote, spend) : new(CheckoutFailure.AllowanceOutOfRange, quote);
    }

    public async Task<CheckoutOutcome> HandleAsync(Guid orderId, Guid buyerId, string siteBaseUrl, long allowanceFen, CancellationToken cancellationToken)
    {
        var number = await NumberAsync(orderId, buyerId, cancellationToken);
        if (number is null)
        {
            return new(CheckoutFailure.NotFound);
        }

        var paid = await allowance.PayAsync(orderId, buyerId, allowanceFen, cancellationToken);
        if (paid.Outcome == SettleOutcome.Settled)
        {
            return new(CheckoutFailure.None, null, paid.AmountFen);
        }

        var due = await settlement.AmountDueAsync(orderId, cancellationToken);
        if (due is null)
        {
            return new(CheckoutFailure.NotPayable);
        }

        if (due.Value.DueFen == 0)
        {
            return new(CheckoutFailure.NothingDue);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = Clamp(options.Value.Stripe.CheckoutLifetime);
        var method = stripe.IsConfigured ? PaymentMethod.Stripe : PaymentMethod.TestPayment;
        var open = await db.Payments.AsNoTracking()
            .Where(p => p.OrderId == orderId && p.Method == method && p.Status == PaymentStatus.Pending && p.AmountFen == due.Value.DueFen && p.CheckoutUrl != null)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (open is not null && open.CreatedAt + lifetime - TimeSpan.FromMinutes(1) > now)
        {
            return Started(open, paid.AmountFen);
        }

        if (method == PaymentMethod.TestPayment && environment.IsProduction())
        {
            return new(CheckoutFailure.NotConfigured);
        }

        var payment = Payment.Start(orderId, buyerId, method, due.Value.DueFen, now);
        if (method == PaymentMethod.Stripe)
        {
            var orderUrl = $"{siteBaseUrl.TrimEnd('/')}/orders/{orderId}";
            var session = await stripe.CreateCheckoutSessionAsync(payment, number, orderUrl + "?paid=1", orderUrl, now + lifetime, cancellationToken);
            payment.Open(session.Id, session.Url);
        }
        else
        {
            payment.Open(TestPaymentEvents.SessionIdOf(payment.Id), $"/payments/test/{payment.Id}");
        }

        db.Payments.Add(payment);
        await db.SaveChangesAsync(cancellationToken);
        return Started(payment, paid.AmountFen);
    }

    private Task<string?> NumberAsync(Guid orderId, Guid buyerId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Where(o => o.Id == orderId && o.BuyerUserId == buyerId).Select(o => o.Number).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Stripe takes a session lifetime of 30 minutes to 24 hours.</summary>
    private static TimeSpan Clamp(TimeSpan lifetime) =>
        lifetime < TimeSpan.FromMinutes(30) ? TimeSpan.FromMinutes(30) : lifetime > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : lifetime;

    private static CheckoutOutcome Started(Payment payment, long allowanceFen) =>
        new(CheckoutFailure.None, new CheckoutStarted(payment.Id, payment.Method, payment.AmountFen, payment.CheckoutUrl!, allowanceFen), allowanceFen);
}
