namespace Marketplace.Contracts.Ordering;

/// <summary>
/// Asks the order service to decide an order the web host stored as submitted: price it from the catalog, reserve
/// its stock and place it, or reject it with a reason per line.
/// </summary>
public sealed record SubmitOrder(Guid OrderId);
