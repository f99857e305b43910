using Marketplace.Core.Invitations;
using Marketplace.Web.Accounts.Email;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Units;

/// <summary>
/// The invitation message with its activation link, Chinese first. Identity's <c>IEmailSender</c> knows only
/// confirmation and reset messages, so this goes straight to the same mail transport.
/// </summary>
public sealed class InvitationEmails(IMailTransport transport, IOptions<EmailOptions> options)
{
    public const string ActivatePath = "/account/activate";

    public Task SendAsync(Invitation invitation, string unitName, string token, HttpContext context, CancellationToken cancellationToken = default)
    {
        var link = options.Value.BaseUrlFor(context.Request) + ActivatePath + QueryString.Create("token", token);
        return transport.SendAsync(
            new OutgoingMail(
                invitation.Email!,
                $"{unitName}邀请您加入消费帮扶商城 / You are invited to the Consumption Assistance Marketplace",
                $"""
                {invitation.Name}，您好：

                {unitName}邀请您以职工身份加入消费帮扶商城。请在 {invitation.ExpiresAt:yyyy-MM-dd} 前打开下面的链接，设置姓名和密码后即可登录：
                {link}

                链接只能使用一次。如果您不认识发出邀请的单位，请忽略这封邮件。

                ----

                {unitName} invites you to join the Consumption Assistance Marketplace as an employee. Open the link
                above before {invitation.ExpiresAt:yyyy-MM-dd} (UTC) to choose your name and password; it works once.
                """),
            cancellationToken);
    }
}
