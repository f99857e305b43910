namespace Marketplace.Core.Suppliers;

/// <summary>A certification decision that the status machine does not allow (approve a suspended supplier, and so on).</summary>
public sealed class CertificationRuleException(string message) : Exception(message);
