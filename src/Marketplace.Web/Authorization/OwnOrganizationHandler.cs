using Marketplace.Core.Organizations;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Web.Authorization;

/// <summary>The organization a resource belongs to (the unit that placed an order, the supplier of a listing).</summary>
public sealed record OrganizationResource(Guid OrganizationId);

/// <summary>The resource belongs to the user's own organization or to a unit anywhere below it.</summary>
public sealed class OwnOrganizationRequirement : IAuthorizationRequirement;

/// <summary>
/// Decides <see cref="OwnOrganizationRequirement"/>: walks from the resource's organization up to the root
/// (<see cref="OrganizationTree.PathToRootAsync"/>) and succeeds when the user's organization is on the way.
/// Operators (平台运营) see everything, suppliers included. An unknown organization is never the user's.
/// </summary>
/// <remarks>
/// The authorization middleware builds every handler for every request, anonymous storefront reads included, so the
/// tree (and the database context under it) is taken from the request's services only when a walk is needed.
/// </remarks>
public sealed class OwnOrganizationHandler(IServiceProvider services) : AuthorizationHandler<OwnOrganizationRequirement, OrganizationResource>
{
    protected override async Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OwnOrganizationRequirement requirement, OrganizationResource resource)
    {
        if (context.User.IsOperator())
        {
            context.Succeed(requirement);
            return;
        }

        if (context.User.GetOrganizationId() is not { } own)
        {
            return;
        }

        if (own == resource.OrganizationId)
        {
            context.Succeed(requirement);
            return;
        }

        try
        {
            if ((await services.GetRequiredService<OrganizationTree>().PathToRootAsync(resource.OrganizationId)).Contains(own))
            {
                context.Succeed(requirement);
            }
        }
        catch (InvalidOperationException)
        {
            // No such organization (SingleAsync found nothing): not the user's.
        }
    }
}
