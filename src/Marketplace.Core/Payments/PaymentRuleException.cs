namespace Marketplace.Core.Payments;

public enum PaymentRule
{
    OrderNotPayable,
    AmountOutOfRange,
    NotConfigured,
}

/// <summary>A payment step that the rules refuse; endpoints answer it as a 409 or 422 problem.</summary>
public sealed class PaymentRuleException(PaymentRule rule, string message) : Exception(message)
{
    public PaymentRule Rule { get; } = rule;
}
