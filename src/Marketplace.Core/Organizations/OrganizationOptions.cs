namespace Marketplace.Core.Organizations;

/// <summary>Configuration section <c>Organizations</c>.</summary>
public sealed class OrganizationOptions
{
    public const string Section = "Organizations";

    /// <summary>The group's name, used when the group is created (first operator or demo data).</summary>
    public string GroupName { get; set; } = "中国兵器装备集团";

    public string? GroupShortName { get; set; } = "CSGC";
}
