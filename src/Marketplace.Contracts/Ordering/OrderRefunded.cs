namespace Marketplace.Contracts.Ordering;

/// <summary>Money went back to the buyer for some lines of a paid order (after-sales or a supplier's refusal).</summary>
public sealed record OrderRefunded(Guid OrderId, Guid RefundId, IReadOnlyList<RefundedLine> Lines, long AmountFen, DateTime RefundedAt);

public sealed record RefundedLine(Guid LineId, int Quantity, long AmountFen);
