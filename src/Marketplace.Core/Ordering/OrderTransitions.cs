namespace Marketplace.Core.Ordering;

/// <summary>The allowed steps of <see cref="OrderStatus"/> and <see cref="SubOrderStatus"/>, as tables.</summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> _order = new()
    {
        [OrderStatus.Submitted] = [OrderStatus.Rejected, OrderStatus.AwaitingApproval, OrderStatus.AwaitingPayment],
        [OrderStatus.AwaitingApproval] = [OrderStatus.AwaitingPayment, OrderStatus.Cancelled],
        [OrderStatus.AwaitingPayment] = [OrderStatus.Paid, OrderStatus.Cancelled],
        [OrderStatus.Paid] = [OrderStatus.Completed, OrderStatus.Cancelled],
        [OrderStatus.Rejected] = [],
        [OrderStatus.Completed] = [],
        [OrderStatus.Cancelled] = [],
    };

    private static readonly Dictionary<SubOrderStatus, SubOrderStatus[]> _subOrder = new()
    {
        [SubOrderStatus.Pending] = [SubOrderStatus.AwaitingAcceptance, SubOrderStatus.Cancelled],
        [SubOrderStatus.AwaitingAcceptance] = [SubOrderStatus.Accepted, SubOrderStatus.Refused, SubOrderStatus.Cancelled],
        [SubOrderStatus.Accepted] = [SubOrderStatus.PartiallyShipped, SubOrderStatus.Shipped, SubOrderStatus.Cancelled],
        [SubOrderStatus.PartiallyShipped] = [SubOrderStatus.PartiallyShipped, SubOrderStatus.Shipped],
        [SubOrderStatus.Shipped] = [SubOrderStatus.Delivered],
        [SubOrderStatus.Delivered] = [SubOrderStatus.Completed],
        [SubOrderStatus.Completed] = [],
        [SubOrderStatus.Refused] = [],
        [SubOrderStatus.Cancelled] = [],
    };

    public static bool Allows(OrderStatus from, OrderStatus to) => _order[from].Contains(to);

    public static bool Allows(SubOrderStatus from, SubOrderStatus to) => _subOrder[from].Contains(to);

    /// <summary>A sub-order in one of these has goods on their way or delivered: its order can no longer be cancelled.</summary>
    public static bool HasShipped(SubOrderStatus status) =>
        status is SubOrderStatus.PartiallyShipped or SubOrderStatus.Shipped or SubOrderStatus.Delivered or SubOrderStatus.Completed;

    /// <summary>Nothing more happens to a sub-order in one of these.</summary>
    public static bool IsFinal(SubOrderStatus status) => _subOrder[status].Length == 0;

    internal static void Require(OrderStatus from, OrderStatus to)
    {
        if (!Allows(from, to))
        {
            throw new OrderRuleException(OrderRule.NotAllowedInStatus, $"An order cannot go from {from} to {to}.");
        }
    }

    internal static void Require(SubOrderStatus from, SubOrderStatus to)
    {
        if (!Allows(from, to))
        {
            throw new OrderRuleException(OrderRule.NotAllowedInStatus, $"A sub-order cannot go from {from} to {to}.");
        }
    }
}
