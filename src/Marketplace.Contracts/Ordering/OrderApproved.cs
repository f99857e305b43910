namespace Marketplace.Contracts.Ordering;

/// <summary>A unit order passed its last approval level (possibly with changed quantities): it now waits for payment.</summary>
public sealed record OrderApproved(Guid OrderId, string OrderNumber, long TotalFen, DateTime ApprovedAt, DateTime PaymentDueAt);
