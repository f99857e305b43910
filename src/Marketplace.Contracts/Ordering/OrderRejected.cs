namespace Marketplace.Contracts.Ordering;

/// <summary>The order service refused an order; nothing was reserved.</summary>
public sealed record OrderRejected(Guid OrderId, IReadOnlyList<RejectedLine> Lines, DateTime RejectedAt);

/// <summary>Why one line could not be ordered: OutOfStock, Unavailable, BelowMinimum or UnknownSku.</summary>
public sealed record RejectedLine(Guid LineId, Guid SkuId, string Reason);
