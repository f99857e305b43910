namespace Marketplace.Contracts.Payments;

/// <summary>Money for an order arrived in full, by whichever method; the order service marks the order paid.</summary>
public sealed record PaymentSucceeded(Guid OrderId, Guid PaymentId, long AmountFen, string Method, DateTime PaidAt);
