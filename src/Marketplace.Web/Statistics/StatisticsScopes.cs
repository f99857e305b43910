using System.Security.Claims;
using Marketplace.Core.Assistance;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Statistics;

/// <summary>Who reads statistics: operators (平台运营), and a member unit's admins and finance (财务).</summary>
public sealed class StatisticsReaderRequirement : IAuthorizationRequirement
{
    public const string Policy = "StatisticsReader";
}

public sealed class StatisticsReaderHandler : AuthorizationHandler<StatisticsReaderRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StatisticsReaderRequirement requirement)
    {
        var user = context.User;
        if (user.IsOperator() || (user.IsMemberOf(OrganizationKind.MemberUnit)
            && (user.HasOrganizationRole(OrganizationRole.UnitAdmin) || user.HasOrganizationRole(OrganizationRole.UnitFinance))))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A scope the user may read: <see cref="UnitId"/> is the group's id for the group scope.</summary>
public sealed record ResolvedScope(StatisticsScope Scope, Guid UnitId, string Name);

public enum ScopeFailure
{
    None,
    Forbidden,
    NotFound,
}

/// <summary>
/// Turns the requested unit (none: the group for operators, their own unit for the others) into a scope the user may
/// read: operators any unit or the group; a unit's admins and finance their unit and the units below it today.
/// </summary>
public sealed class StatisticsScopes(MarketplaceDbContext db, OrganizationTree tree)
{
    public async Task<(ResolvedScope? Scope, ScopeFailure Failure)> ResolveAsync(ClaimsPrincipal user, Guid? unitId, CancellationToken cancellationToken)
    {
        var group = await tree.FindGroupAsync(cancellationToken);
        var operatorUser = user.IsOperator();
        var target = unitId ?? (operatorUser ? group?.Id : user.GetOrganizationId());
        if (target is not { } id)
        {
            return (null, ScopeFailure.Forbidden);
        }

        if (group is not null && id == group.Id)
        {
            return operatorUser ? (new ResolvedScope(StatisticsScope.Group, group.Id, group.Name), ScopeFailure.None) : (null, ScopeFailure.Forbidden);
        }

        if (!operatorUser && !await IsOwnAsync(user, id, cancellationToken))
        {
            return (null, ScopeFailure.Forbidden);
        }

        var unit = await db.Organizations.AsNoTracking().Where(o => o.Id == id && o.Kind == OrganizationKind.MemberUnit)
            .Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync(cancellationToken);
        return unit is null ? (null, ScopeFailure.NotFound) : (new ResolvedScope(new StatisticsScope(unit.Id), unit.Id, unit.Name), ScopeFailure.None);
    }

    private async Task<bool> IsOwnAsync(ClaimsPrincipal user, Guid unitId, CancellationToken cancellationToken)
    {
        if (user.GetOrganizationId() is not { } own)
        {
            return false;
        }

        try
        {
            return (await tree.PathToRootAsync(unitId, cancellationToken)).Contains(own);
        }
        catch (InvalidOperationException)
        {
            // No such organization: not the user's.
            return false;
        }
    }
}
