using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Assistance;

/// <summary>
/// Who may read or set something of the unit named by the route's <c>{unitId}</c>. <see cref="Read"/>: members of
/// the unit or of a unit above it (a parent sees its sub-units), and operators. <see cref="SetTarget"/>: operators,
/// and admins of the unit's parent (DOMAIN.md: the operator or the unit's parent sets the target) — never the
/// unit's own admin. An unknown unit passes to the endpoint for operators only, which then answers 404.
/// </summary>
public sealed record RouteUnitRequirement(bool ParentAdminOnly) : IAuthorizationRequirement
{
    public const string Read = "RouteUnitRead";
    public const string SetTarget = "RouteUnitSetTarget";
    public const string RouteValue = "unitId";
}

/// <remarks>Like <see cref="OwnOrganizationHandler"/>, it takes the database from the request's services only when it needs it.</remarks>
public sealed class RouteUnitHandler(IServiceProvider services) : AuthorizationHandler<RouteUnitRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RouteUnitRequirement requirement)
    {
        var user = context.User;
        if (user.IsOperator())
        {
            context.Succeed(requirement);
            return;
        }

        if (context.Resource is not HttpContext http
            || !Guid.TryParse(http.GetRouteValue(RouteUnitRequirement.RouteValue)?.ToString(), out var unitId)
            || !user.IsMemberOf(OrganizationKind.MemberUnit) || user.GetOrganizationId() is not { } own)
        {
            return;
        }

        if (requirement.ParentAdminOnly)
        {
            var parentId = await services.GetRequiredService<MarketplaceDbContext>().Organizations.Where(o => o.Id == unitId).Select(o => o.ParentId).SingleOrDefaultAsync(http.RequestAborted);
            if (TargetForm.MaySet(user, parentId))
            {
                context.Succeed(requirement);
            }

            return;
        }

        if (own == unitId)
        {
            context.Succeed(requirement);
            return;
        }

        try
        {
            if ((await services.GetRequiredService<OrganizationTree>().PathToRootAsync(unitId, http.RequestAborted)).Contains(own))
            {
                context.Succeed(requirement);
            }
        }
        catch (InvalidOperationException)
        {
            // No such organization: not the user's.
        }
    }
}
