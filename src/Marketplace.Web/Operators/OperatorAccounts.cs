using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Operators;

/// <summary>The outcome of creating an operator: the new user, or why nothing was created.</summary>
public sealed record OperatorCreation(MarketplaceUser? User, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null;
}

/// <summary>Creates operators (平台运营): Identity users with a confirmed email, members of the group with the Operator role.</summary>
public sealed class OperatorAccounts(
    MarketplaceDbContext db, UserManager<MarketplaceUser> users, OrganizationTree tree, TimeProvider clock)
{
    public Task<bool> AnyOperatorAsync(CancellationToken cancellationToken = default) =>
        db.MembershipRoles.AnyAsync(r => r.Role == OrganizationRole.Operator, cancellationToken);

    /// <summary>
    /// Creates the user and the membership in one transaction; the password must pass the Identity options.
    /// The group is created first if there is none yet.
    /// </summary>
    public async Task<OperatorCreation> CreateAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var group = await tree.EnsureGroupAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new MarketplaceUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            CreatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new(null, [.. created.Errors.Select(e => e.Description)]);
        }

        db.Memberships.Add(Membership.Create(user.Id, group, [OrganizationRole.Operator], now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(user, []);
    }
}
