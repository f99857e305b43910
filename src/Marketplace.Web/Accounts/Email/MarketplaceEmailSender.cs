using Marketplace.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Web.Accounts.Email;

/// <summary>
/// Identity's account messages, each in Chinese first with English below, so one message serves every reader
/// whatever language they picked on the site.
/// </summary>
internal sealed class MarketplaceEmailSender(IMailTransport transport) : IEmailSender<MarketplaceUser>
{
    public Task SendConfirmationLinkAsync(MarketplaceUser user, string email, string confirmationLink) =>
        transport.SendAsync(new OutgoingMail(
            email,
            "请确认您的电子邮箱 / Confirm your email address",
            $"""
            {Greeting(user)}

            欢迎注册消费帮扶商城。请打开下面的链接确认您的电子邮箱，确认后即可登录：
            {confirmationLink}

            如果您没有注册，请忽略这封邮件。

            ----

            Welcome to the Consumption Assistance Marketplace. Open the link above to confirm your email address;
            you can sign in once it is confirmed. If you did not register, ignore this message.
            """));

    public Task SendPasswordResetLinkAsync(MarketplaceUser user, string email, string resetLink) =>
        transport.SendAsync(new OutgoingMail(
            email,
            "重置密码 / Reset your password",
            $"""
            {Greeting(user)}

            我们收到了重置您账号密码的请求。请打开下面的链接设置新密码：
            {resetLink}

            如果不是您本人操作，请忽略这封邮件，您的密码不会改变。

            ----

            We received a request to reset your password. Open the link above to choose a new one.
            If you did not ask for this, ignore this message; your password stays as it is.
            """));

    public Task SendPasswordResetCodeAsync(MarketplaceUser user, string email, string resetCode) =>
        transport.SendAsync(new OutgoingMail(
            email,
            "重置密码验证码 / Your password reset code",
            $"""
            {Greeting(user)}

            您的重置密码验证码是：
            {resetCode}

            如果不是您本人操作，请忽略这封邮件。

            ----

            Your password reset code is shown above. If you did not ask for it, ignore this message.
            """));

    private static string Greeting(MarketplaceUser user) =>
        string.IsNullOrWhiteSpace(user.DisplayName) ? "您好：" : $"{user.DisplayName}，您好：";
}
