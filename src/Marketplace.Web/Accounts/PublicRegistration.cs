using Marketplace.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Web.Accounts;

/// <summary>
/// Self-registration of the public (社会公众): a user with no unit or supplier membership, who may sign in once
/// the emailed link confirms the address. A duplicate email or a weak password creates nothing.
/// </summary>
public sealed class PublicRegistration(UserManager<MarketplaceUser> users, AccountEmails emails, TimeProvider clock)
{
    public async Task<(IdentityResult Result, MarketplaceUser User)> RegisterAsync(
        string displayName, string email, string password, HttpContext context)
    {
        email = email.Trim();
        var user = new MarketplaceUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            await emails.SendConfirmationAsync(user, context);
        }

        return (result, user);
    }

    /// <summary>
    /// Sends the reset link to a confirmed address, or the confirmation link again to an unconfirmed one; an
    /// unknown address gets nothing. The caller answers the same in every case.
    /// </summary>
    public async Task SendPasswordHelpAsync(string email, HttpContext context)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return;
        }

        if (await users.IsEmailConfirmedAsync(user))
        {
            await emails.SendPasswordResetAsync(user, context);
        }
        else
        {
            await emails.SendConfirmationAsync(user, context);
        }
    }

    /// <summary>Resets the password; an unknown email fails as a wrong code does, so the answer reveals nothing.</summary>
    public async Task<IdentityResult> ResetPasswordAsync(string email, string? code, string newPassword)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        var token = AccountEmails.Decode(code);
        if (user is null || token is null)
        {
            return IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        }

        return await users.ResetPasswordAsync(user, token, newPassword);
    }

    public async Task<bool> ConfirmEmailAsync(string? userId, string? code)
    {
        var token = AccountEmails.Decode(code);
        if (token is null || userId is null || await users.FindByIdAsync(userId) is not { } user)
        {
            return false;
        }

        return (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
