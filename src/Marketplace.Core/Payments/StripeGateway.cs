using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Marketplace.Core.Payments;

/// <summary>The Stripe calls the marketplace makes, each with an idempotency key derived from our own row id.</summary>
public sealed class StripeGateway
{
    private readonly StripeOptions _options;
    private readonly Lazy<StripeClient> _client;

    public StripeGateway(IOptions<PaymentsOptions> options)
    {
        _options = options.Value.Stripe;
        _client = new Lazy<StripeClient>(() => new StripeClient(new StripeClientOptions
        {
            ApiKey = _options.SecretKey ?? throw new PaymentRuleException(PaymentRule.NotConfigured, "Payments:Stripe:SecretKey is not set."),
            ApiBase = string.IsNullOrWhiteSpace(_options.ApiBase) ? null : _options.ApiBase,
        }));
    }

    public bool IsConfigured => _options.IsConfigured;

    /// <summary>
    /// Opens a hosted Checkout page for one payment part in CNY (card, Alipay, WeChat Pay). Retrying with the same
    /// part gives the same session.
    /// </summary>
    public Task<Session> CreateCheckoutSessionAsync(Payment payment, string orderNumber, string successUrl, string cancelUrl, DateTime expiresAt, CancellationToken cancellationToken) =>
        new SessionService(_client.Value).CreateAsync(
            new SessionCreateOptions
            {
                Mode = "payment",
                Currency = "cny",
                AllowedPaymentMethodTypes = ["card", "alipay", "wechat_pay"],
                PaymentMethodOptions = new SessionPaymentMethodOptionsOptions { WechatPay = new SessionPaymentMethodOptionsWechatPayOptions { Client = "web" } },
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "cny",
                            UnitAmount = payment.AmountFen,
                            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"订单 {orderNumber}" },
                        },
                    },
                ],
                ClientReferenceId = payment.OrderId.ToString(),
                Metadata = Metadata(payment),
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = Metadata(payment) },
                SuccessUrl = successUrl,
                CancelUrl = cancelUrl,
                ExpiresAt = expiresAt,
            },
            new RequestOptions { IdempotencyKey = $"checkout-{payment.Id}" },
            cancellationToken);

    /// <summary>
    /// Closes an open Checkout Session (Stripe then sends <c>checkout.session.expired</c>). Stripe refuses a session that
    /// is no longer open; <see cref="GetCheckoutSessionAsync"/> tells why.
    /// </summary>
    public Task<Session> ExpireCheckoutSessionAsync(Payment payment, CancellationToken cancellationToken) =>
        new SessionService(_client.Value).ExpireAsync(payment.ExternalReference, null, new RequestOptions { IdempotencyKey = $"expire-{payment.Id}" }, cancellationToken);

    public Task<Session> GetCheckoutSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        new SessionService(_client.Value).GetAsync(sessionId, null, null, cancellationToken);

    /// <summary>Sends a planned refund; the refund's id is the idempotency key, so a retry never refunds twice.</summary>
    public Task<Refund> CreateRefundAsync(PaymentRefund refund, Payment payment, CancellationToken cancellationToken) =>
        new RefundService(_client.Value).CreateAsync(
            new RefundCreateOptions
            {
                PaymentIntent = payment.ProviderPaymentId,
                Amount = refund.AmountFen,
                Metadata = new Dictionary<string, string> { ["refund_id"] = refund.Id.ToString(), ["order_id"] = refund.OrderId.ToString() },
            },
            new RequestOptions { IdempotencyKey = $"refund-{refund.Id}" },
            cancellationToken);

    private static Dictionary<string, string> Metadata(Payment payment) => new()
    {
        ["payment_id"] = payment.Id.ToString(),
        ["order_id"] = payment.OrderId.ToString(),
    };
}
