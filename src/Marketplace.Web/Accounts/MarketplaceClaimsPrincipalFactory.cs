using System.Security.Claims;
using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Marketplace.Web.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts;

/// <summary>
/// Puts the display name in the cookie, so the header can greet the user without a database read, and the
/// membership (organization id, kind, roles; see <see cref="MembershipClaims"/>) that the policies decide on.
/// </summary>
internal sealed class MarketplaceClaimsPrincipalFactory(
    MarketplaceDbContext db,
    UserManager<MarketplaceUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<MarketplaceUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(MarketplaceUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(MarketplaceClaims.DisplayName, user.DisplayName));
        }

        var membership = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == user.Id)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.OrganizationId, o.Kind, Roles = m.Roles.Select(r => r.Role).ToList() })
            .SingleOrDefaultAsync();
        if (membership is not null)
        {
            identity.AddClaims(MembershipClaims.For(membership.OrganizationId, membership.Kind, membership.Roles));
        }

        return identity;
    }
}
