using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Web.Suppliers;

/// <summary>
/// The user belongs to the supplier named by the route's <c>{supplierId}</c> (with <see cref="AdminOnly"/>: as its
/// SupplierAdmin); with <see cref="OperatorsToo"/>, operators (平台运营) pass for any supplier. Decided from the
/// membership claims and the route alone.
/// </summary>
public sealed record RouteSupplierRequirement(bool AdminOnly, bool OperatorsToo) : IAuthorizationRequirement
{
    public const string RouteValue = "supplierId";

    /// <summary>That supplier's admins: declaring its benefit linkage, uploading its evidence.</summary>
    public const string AdminPolicy = "RouteSupplierAdmin";

    /// <summary>That supplier's admins and operators: reading its evidence.</summary>
    public const string AdminOrOperatorPolicy = "RouteSupplierAdminOrOperator";

    /// <summary>Any member of that supplier and operators: reading its benefit linkage.</summary>
    public const string MemberOrOperatorPolicy = "RouteSupplierMemberOrOperator";

    /// <summary>Any member of that supplier (admin or staff), operators not: managing its listings and stock.</summary>
    public const string MemberPolicy = "RouteSupplierMember";
}

public sealed class RouteSupplierHandler : AuthorizationHandler<RouteSupplierRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RouteSupplierRequirement requirement)
    {
        var user = context.User;
        var routeSupplier = context.Resource is HttpContext http
            && http.GetRouteValue(RouteSupplierRequirement.RouteValue) is { } value
            && Guid.TryParse(value.ToString(), out var id) ? id : (Guid?)null;
        if (routeSupplier is not { } supplier)
        {
            return Task.CompletedTask;
        }

        var isMember = user.IsMemberOf(OrganizationKind.Supplier) && user.GetOrganizationId() == supplier
            && (requirement.AdminOnly ? user.HasOrganizationRole(OrganizationRole.SupplierAdmin) : user.GetOrganizationRoles().Count > 0);
        if (isMember || (requirement.OperatorsToo && user.IsOperator()))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
