namespace Marketplace.Contracts.Payments;

/// <summary>The order no longer waits for this payment part: close its still-open Checkout Session at Stripe so the buyer cannot pay it.</summary>
public sealed record ExpireCheckoutSession(Guid PaymentId);
