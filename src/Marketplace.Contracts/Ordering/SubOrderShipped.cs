namespace Marketplace.Contracts.Ordering;

/// <summary>A supplier shipped (part of) a sub-order.</summary>
public sealed record SubOrderShipped(Guid OrderId, Guid SubOrderId, Guid ShipmentId, string Carrier, string TrackingNumber, bool Complete, DateTime ShippedAt);
