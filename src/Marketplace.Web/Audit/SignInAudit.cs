using Marketplace.Core.Accounts;
using Marketplace.Core.Audit;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Web.Audit;

/// <summary>Records a failed sign-in, from the sign-in page and the account API alike.</summary>
public sealed class SignInAudit(AuditLog audit)
{
    public Task FailedAsync(HttpContext context, string email, MarketplaceUser? user, SignInResult? result)
    {
        var reason = result switch
        {
            null => "unknown-user",
            { IsLockedOut: true } => "locked-out",
            { IsNotAllowed: true } => "not-allowed",
            _ => "wrong-password",
        };
        return audit.RecordAsync(
            AuditActor.Anonymous(context.Connection.RemoteIpAddress?.ToString()),
            AuditActions.SignInFailed,
            AuditSubjects.User,
            user?.Id.ToString() ?? "",
            new { email = email.Trim(), reason },
            context.RequestAborted);
    }
}
