using System.Security.Claims;
using Marketplace.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts;

/// <summary>Puts the display name in the cookie, so the header can greet the user without a database read.</summary>
internal sealed class MarketplaceClaimsPrincipalFactory(
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

        return identity;
    }
}
