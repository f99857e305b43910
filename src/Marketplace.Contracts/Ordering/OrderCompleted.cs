namespace Marketplace.Contracts.Ordering;

/// <summary>Every sub-order of an order was delivered and confirmed (or auto-completed).</summary>
public sealed record OrderCompleted(Guid OrderId, DateTime CompletedAt);
