using Marketplace.Core.Organizations;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Web.Authorization;

/// <summary>A member of an organization of <see cref="Kind"/>; with <see cref="Role"/>, holding that role there.</summary>
public sealed record OrganizationRoleRequirement(OrganizationKind Kind, OrganizationRole? Role) : IAuthorizationRequirement;

/// <summary>Decides <see cref="OrganizationRoleRequirement"/> from the membership claims alone.</summary>
public sealed class OrganizationRoleHandler : AuthorizationHandler<OrganizationRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationRoleRequirement requirement)
    {
        var user = context.User;
        if (user.IsMemberOf(requirement.Kind)
            && (requirement.Role is { } role ? user.HasOrganizationRole(role) : user.GetOrganizationRoles().Count > 0))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
