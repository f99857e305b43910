namespace Marketplace.Core.Organizations;

/// <summary>What an organization is. Stored by name: renaming a member is a data migration.</summary>
public enum OrganizationKind
{
    /// <summary>集团: the root of the tree; its members are the operators (平台运营).</summary>
    Group,

    /// <summary>成员单位: a unit of the group, under the group or under another unit, to any depth.</summary>
    MemberUnit,

    /// <summary>供应商: a seller in an assisted area; an organization of its own, outside the tree.</summary>
    Supplier,
}
