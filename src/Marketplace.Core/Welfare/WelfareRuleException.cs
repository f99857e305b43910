namespace Marketplace.Core.Welfare;

/// <summary>A welfare rule refused the change (bad programme data, a refund beyond what was spent); nothing was changed.</summary>
public sealed class WelfareRuleException(string message) : Exception(message);

/// <summary>Other checkouts kept draining the same wallets; the spend gave up after its retries and changed nothing.</summary>
public sealed class WelfareConcurrencyException(string message) : Exception(message);
