using Microsoft.AspNetCore.Identity;

namespace Marketplace.Core.Accounts;

/// <summary>A person who signs in: an employee, a unit's staff, a supplier's staff, an operator or a member of the public.</summary>
public sealed class MarketplaceUser : IdentityUser<Guid>
{
    public MarketplaceUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
