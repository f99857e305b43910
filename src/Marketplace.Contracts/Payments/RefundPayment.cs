namespace Marketplace.Contracts.Payments;

/// <summary>Send a planned refund of one payment part back where the money came from (Stripe's refund API for card, Alipay, WeChat Pay).</summary>
public sealed record RefundPayment(Guid RefundId);
