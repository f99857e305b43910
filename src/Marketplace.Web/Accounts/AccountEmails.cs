using System.Text;
using Marketplace.Core.Accounts;
using Marketplace.Web.Accounts.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts;

/// <summary>
/// The confirmation and password-reset messages with their links, for the pages and the API alike. Tokens come
/// from Identity's token providers and travel Base64Url-encoded, as the pages expect them back.
/// </summary>
public sealed class AccountEmails(
    UserManager<MarketplaceUser> users,
    IEmailSender<MarketplaceUser> sender,
    IOptions<EmailOptions> options)
{
    public async Task SendConfirmationAsync(MarketplaceUser user, HttpContext context)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = Link(context, AccountPaths.ConfirmEmail, new() { ["userId"] = user.Id.ToString(), ["code"] = code });
        await sender.SendConfirmationLinkAsync(user, user.Email!, link);
    }

    public async Task SendPasswordResetAsync(MarketplaceUser user, HttpContext context)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = Link(context, AccountPaths.ResetPassword, new() { ["code"] = code });
        await sender.SendPasswordResetLinkAsync(user, user.Email!, link);
    }

    /// <summary>The token Identity issued, or null when the code was not one of ours (mangled in transit, say).</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    private string Link(HttpContext context, string path, Dictionary<string, string?> query)
    {
        return options.Value.BaseUrlFor(context.Request) + path + QueryString.Create(query);
    }
}
