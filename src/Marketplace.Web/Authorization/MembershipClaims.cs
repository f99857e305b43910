using System.Security.Claims;
using Marketplace.Core.Organizations;

namespace Marketplace.Web.Authorization;

/// <summary>
/// The signed-in user's membership as claims, written by the claims principal factory at sign-in (and whenever the
/// cookie is refreshed): no database read is needed to decide a policy. A member of the public has none of them.
/// </summary>
public static class MembershipClaims
{
    public const string OrganizationId = "org_id";
    public const string OrganizationKind = "org_kind";

    /// <summary>One claim per role held in the organization.</summary>
    public const string Role = "org_role";

    public static IEnumerable<Claim> For(Guid organizationId, OrganizationKind kind, IEnumerable<OrganizationRole> roles) =>
    [
        new(OrganizationId, organizationId.ToString()),
        new(OrganizationKind, kind.ToString()),
        .. roles.Select(r => new Claim(Role, r.ToString())),
    ];

    public static Guid? GetOrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(OrganizationId), out var id) ? id : null;

    public static OrganizationKind? GetOrganizationKind(this ClaimsPrincipal user) =>
        Enum.TryParse<OrganizationKind>(user.FindFirstValue(OrganizationKind), out var kind) ? kind : null;

    public static IReadOnlyList<OrganizationRole> GetOrganizationRoles(this ClaimsPrincipal user) =>
        [.. user.FindAll(Role).Select(c => Enum.TryParse<OrganizationRole>(c.Value, out var role) ? role : (OrganizationRole?)null)
            .OfType<OrganizationRole>()];

    public static bool HasOrganizationRole(this ClaimsPrincipal user, OrganizationRole role) =>
        user.HasClaim(Role, role.ToString());

    public static bool IsOperator(this ClaimsPrincipal user) => user.HasOrganizationRole(OrganizationRole.Operator);

    public static bool IsMemberOf(this ClaimsPrincipal user, OrganizationKind kind) =>
        user.GetOrganizationKind() == kind && user.GetOrganizationId() is not null;
}
