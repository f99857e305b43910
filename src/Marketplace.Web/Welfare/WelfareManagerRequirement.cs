using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Marketplace.Web.Units;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Web.Welfare;

/// <summary>
/// The unit's welfare is run by its admin (单位管理员) or finance (财务): of the unit named by the route's
/// <c>{unitId}</c>, or on a route without one (the pages), of their own unit. With <see cref="OperatorsRead"/>,
/// operators (平台运营) pass too, for any unit: they read, they never grant the unit's money.
/// </summary>
public sealed record WelfareManagerRequirement(bool OperatorsRead) : IAuthorizationRequirement
{
    public const string ManagePolicy = "WelfareManager";
    public const string ReadPolicy = "WelfareReader";
}

/// <summary>Decides from the membership claims and the route alone: no database read.</summary>
public sealed class WelfareManagerHandler : AuthorizationHandler<WelfareManagerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WelfareManagerRequirement requirement)
    {
        var user = context.User;
        var routeUnit = UnitAdminOfRouteUnitRequirement.RouteUnit(context.Resource);
        var isManager = user.IsMemberOf(OrganizationKind.MemberUnit)
            && (user.HasOrganizationRole(OrganizationRole.UnitAdmin) || user.HasOrganizationRole(OrganizationRole.UnitFinance));

        var allowed = routeUnit is { } unit
            ? (requirement.OperatorsRead && user.IsOperator()) || (isManager && user.GetOrganizationId() == unit)
            : isManager;
        if (allowed)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
