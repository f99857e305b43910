namespace Marketplace.Core.Ordering;

public enum OrderRule
{
    NotAllowedInStatus,
    AlreadyShipped,
    EmptyOrder,
    OutOfRange,
    ShipsMoreThanOrdered,
}

/// <summary>An ordering rule refused a change; the caller maps <see cref="Rule"/> to a problem.</summary>
public sealed class OrderRuleException(OrderRule rule, string message) : Exception(message)
{
    public OrderRule Rule { get; } = rule;
}
