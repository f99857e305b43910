using System.Text.Json.Serialization;

namespace Marketplace.Core.Organizations;

/// <summary>A role a member holds in their organization. Stored by name: renaming a member is a data migration.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrganizationRole>))]
public enum OrganizationRole
{
    /// <summary>职工: buys for themselves or family.</summary>
    Employee,

    /// <summary>采购员: places the unit's bulk and uniform orders.</summary>
    UnitPurchaser,

    /// <summary>审批人: approves the unit's orders (never their own).</summary>
    UnitApprover,

    /// <summary>财务: the unit's finance.</summary>
    UnitFinance,

    /// <summary>Manages the unit's members: invitations, rosters, roles.</summary>
    UnitAdmin,

    SupplierStaff,

    SupplierAdmin,

    /// <summary>平台运营: the group's assistance office.</summary>
    Operator,
}

public static class OrganizationRoles
{
    /// <summary>The one kind of organization in which <paramref name="role"/> may be held.</summary>
    public static OrganizationKind RequiredKind(this OrganizationRole role) => role switch
    {
        OrganizationRole.Employee or OrganizationRole.UnitPurchaser or OrganizationRole.UnitApprover
            or OrganizationRole.UnitFinance or OrganizationRole.UnitAdmin => OrganizationKind.MemberUnit,
        OrganizationRole.SupplierStaff or OrganizationRole.SupplierAdmin => OrganizationKind.Supplier,
        OrganizationRole.Operator => OrganizationKind.Group,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    public static bool FitsKind(this OrganizationRole role, OrganizationKind kind) => role.RequiredKind() == kind;
}
