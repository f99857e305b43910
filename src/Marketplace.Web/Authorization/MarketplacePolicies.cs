using Marketplace.Core.Organizations;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Web.Authorization;

/// <summary>
/// The policy names features use to say who may call an endpoint: <c>.RequireAuthorization(MarketplacePolicies.Operator)</c>
/// on a minimal API, <c>[Authorize(Policy = MarketplacePolicies.Operator)]</c> on a page. Decisions about one
/// resource (an order of a unit, a listing of a supplier) go through <see cref="IAuthorizationService"/> with
/// <see cref="OwnOrganization"/> and an <see cref="OrganizationResource"/>.
/// </summary>
public static class MarketplacePolicies
{
    /// <summary>平台运营: a member of the group with the Operator role.</summary>
    public const string Operator = "Operator";

    /// <summary>Any role in a member unit (成员单位).</summary>
    public const string UnitMember = "UnitMember";

    /// <summary>Any role in a supplier (供应商).</summary>
    public const string SupplierMember = "SupplierMember";

    /// <summary>Resource-based: the resource belongs to the user's organization or to a unit below it (operators: any).</summary>
    public const string OwnOrganization = "OwnOrganization";

    private const string UnitRolePrefix = "UnitRole:";

    /// <summary>The policy "holds <paramref name="role"/> in their own member unit", e.g. UnitRole(UnitApprover).</summary>
    public static string UnitRole(OrganizationRole role) =>
        role.RequiredKind() == OrganizationKind.MemberUnit
            ? UnitRolePrefix + role
            : throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role of a member unit.");

    public static IServiceCollection AddMarketplaceAuthorization(this IServiceCollection services)
    {
        var builder = services.AddAuthorizationBuilder()
            .AddPolicy(Operator, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(OrganizationKind.Group, OrganizationRole.Operator)))
            .AddPolicy(UnitMember, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(OrganizationKind.MemberUnit, null)))
            .AddPolicy(SupplierMember, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(OrganizationKind.Supplier, null)))
            .AddPolicy(OwnOrganization, p => p.RequireAuthenticatedUser().AddRequirements(new OwnOrganizationRequirement()));
        foreach (var role in Enum.GetValues<OrganizationRole>().Where(r => r.RequiredKind() == OrganizationKind.MemberUnit))
        {
            builder.AddPolicy(UnitRole(role), p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(OrganizationKind.MemberUnit, role)));
        }

        services.AddSingleton<IAuthorizationHandler, OrganizationRoleHandler>();
        // Scoped: it reads the organization tree from the request's database context.
        services.AddScoped<IAuthorizationHandler, OwnOrganizationHandler>();
        return services;
    }
}
