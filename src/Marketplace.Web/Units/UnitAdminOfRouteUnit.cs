using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Web.Units;

/// <summary>
/// The user is UnitAdmin of the unit named by the route's <c>{unitId}</c>; on a route without one (the member-list
/// page), of their own unit. Operators (平台运营) pass for any unit named in the route.
/// </summary>
public sealed class UnitAdminOfRouteUnitRequirement : IAuthorizationRequirement
{
    public const string Policy = "UnitAdminOfRouteUnit";
    public const string RouteValue = "unitId";

    /// <summary>The unit named by the route of the request being authorized, if any.</summary>
    public static Guid? RouteUnit(object? resource) =>
        resource is HttpContext http && http.GetRouteValue(RouteValue) is { } value && Guid.TryParse(value.ToString(), out var id) ? id : null;
}

/// <summary>Decides from the membership claims and the route alone: no database read.</summary>
public sealed class UnitAdminOfRouteUnitHandler : AuthorizationHandler<UnitAdminOfRouteUnitRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UnitAdminOfRouteUnitRequirement requirement)
    {
        var user = context.User;
        var routeUnit = UnitAdminOfRouteUnitRequirement.RouteUnit(context.Resource);
        var isUnitAdmin = user.IsMemberOf(OrganizationKind.MemberUnit) && user.HasOrganizationRole(OrganizationRole.UnitAdmin);

        var allowed = routeUnit is { } unit
            ? user.IsOperator() || (isUnitAdmin && user.GetOrganizationId() == unit)
            : isUnitAdmin;
        if (allowed)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
