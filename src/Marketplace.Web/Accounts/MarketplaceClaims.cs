using System.Security.Claims;

namespace Marketplace.Web.Accounts;

public static class MarketplaceClaims
{
    /// <summary>The name a person is greeted with; the user name is often an email address.</summary>
    public const string DisplayName = "display_name";

    public static string? GetDisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) is { Length: > 0 } displayName ? displayName : user.Identity?.Name;
}
