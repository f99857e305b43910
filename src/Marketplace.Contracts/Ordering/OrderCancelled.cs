namespace Marketplace.Contracts.Ordering;

/// <summary>
/// An order was cancelled before shipment (by the buyer, an approver, an operator, or because it was not paid in
/// time). Its stock is released; <see cref="RefundDueFen"/> is what was paid and must go back.
/// </summary>
public sealed record OrderCancelled(Guid OrderId, string Reason, bool WasPaid, long RefundDueFen, DateTime CancelledAt);
