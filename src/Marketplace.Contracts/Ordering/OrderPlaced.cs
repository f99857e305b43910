namespace Marketplace.Contracts.Ordering;

/// <summary>The order service accepted an order: its stock is reserved and it waits for approval or payment.</summary>
public sealed record OrderPlaced(Guid OrderId, string OrderNumber, long TotalFen, bool AwaitingApproval, DateTime PlacedAt, DateTime? PaymentDueAt);
