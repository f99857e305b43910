namespace Marketplace.Core.Organizations;

/// <summary>A change that the rules of the organization tree or of memberships refuse; nothing was changed.</summary>
public sealed class OrganizationRuleException(string message) : InvalidOperationException(message);
