using System.Net;
using Marketplace.Core.Accounts;
using Marketplace.Web.Accounts;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests;

/// <summary>Self-registration of the public, email confirmation and password reset on the pages, through the mail files.</summary>
public sealed class RegistrationTests : WebAppFixture
{
    private const string Password = "plateau pears 2021";

    [Test]
    public async Task Register_page_renders_a_localized_form_with_an_antiforgery_token()
    {
        using var client = Factory.CreateBrowserLikeClient();

        var html = await client.GetStringAsync(AccountPaths.Register);

        Assert.Multiple(() =>
        {
            Assert.That(Forms.AntiforgeryToken(html), Is.Not.Empty);
            Assert.That(html, Does.Contain("姓名或昵称").And.Contain("确认密码"));
            Assert.That(html, Does.Contain("name=\"Input.DisplayName\"").And.Contain("name=\"Input.ConfirmPassword\""));
        });
    }

    [Test]
    public async Task A_visitor_registers_confirms_through_the_mailed_link_and_signs_in()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();

        using var registered = await RegisterAsync(client, "赵敏", email, Password);
        Assert.That(await registered.Content.ReadAsStringAsync(), Does.Contain("请查收确认邮件").And.Contain(email));

        // Not yet: the address is unconfirmed.
        using var early = await SignInAsync(client, email, Password);
        Assert.That(await early.Content.ReadAsStringAsync(), Does.Contain("请先打开注册邮件中的链接确认电子邮箱"));
        Assert.That(Http.SetCookies(early), Has.None.StartsWith(AccountsRegistration.AuthCookieName));

        var mail = Mailbox.MessagesTo(Factory, email).Single();
        Assert.That(mail.IndexOf("欢迎注册", StringComparison.Ordinal), Is.LessThan(mail.IndexOf("Welcome", StringComparison.Ordinal)), "Chinese first");
        var link = Mailbox.LatestLink(Factory, email, AccountPaths.ConfirmEmail);

        var confirmed = await client.GetStringAsync(link);
        Assert.That(confirmed, Does.Contain("电子邮箱已确认"));

        using var signedIn = await SignInAsync(client, email, Password);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Http.SetCookies(signedIn), Has.Some.StartsWith(AccountsRegistration.AuthCookieName + "="));
        Assert.That(await client.GetStringAsync("/"), Does.Contain("赵敏"));

        var user = await FindUserAsync(email);
        Assert.That(user!.EmailConfirmed, Is.True);
    }

    [Test]
    public async Task A_tampered_confirmation_link_confirms_nothing()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();
        using var registered = await RegisterAsync(client, "钱进", email, Password);
        var link = Mailbox.LatestLink(Factory, email, AccountPaths.ConfirmEmail);

        var html = await client.GetStringAsync(link.Replace("code=", "code=x", StringComparison.Ordinal));

        Assert.That(html, Does.Contain("确认链接无效或已过期"));
        Assert.That((await FindUserAsync(email))!.EmailConfirmed, Is.False);
    }

    [Test]
    public async Task A_duplicate_email_shows_a_form_error_and_creates_nothing()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();
        using var first = await RegisterAsync(client, "孙立", email, Password);

        using var second = await RegisterAsync(client, "孙立二", email.ToUpperInvariant(), Password);

        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("该电子邮箱已注册"));
        Assert.That((await FindUserAsync(email))!.DisplayName, Is.EqualTo("孙立"));
        Assert.That(Mailbox.MessagesTo(Factory, email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_weak_password_shows_a_form_error_and_creates_nothing()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await RegisterAsync(client, "周正", email, "short1");

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("密码至少需要 10 个字符"));
        Assert.That(await FindUserAsync(email), Is.Null);
        Assert.That(Mailbox.MessagesTo(Factory, email), Is.Empty);
    }

    [Test]
    public async Task Passwords_that_differ_show_a_form_error_and_create_nothing()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Forms.PostAsync(client, AccountPaths.Register, AccountPaths.Register, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "吴华",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password + "!",
        });

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("两次输入的密码不一致"));
        Assert.That(await FindUserAsync(email), Is.Null);
    }

    [Test]
    public async Task Forgot_password_answers_the_same_for_unknown_addresses_and_mails_nothing()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await ForgotAsync(client, email);

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("如果该邮箱已注册"));
        Assert.That(Mailbox.MessagesTo(Factory, email), Is.Empty);
    }

    [Test]
    public async Task Password_reset_round_trip_through_the_mailed_link()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();
        using var registered = await RegisterAsync(client, "郑和", email, Password);
        _ = await client.GetStringAsync(Mailbox.LatestLink(Factory, email, AccountPaths.ConfirmEmail));

        using var forgot = await ForgotAsync(client, email);
        Assert.That(await forgot.Content.ReadAsStringAsync(), Does.Contain("如果该邮箱已注册"));
        var link = Mailbox.LatestLink(Factory, email, AccountPaths.ResetPassword);

        const string newPassword = "wenshan beef forever";
        using var weak = await ResetAsync(client, link, email, "tiny");
        Assert.That(await weak.Content.ReadAsStringAsync(), Does.Contain("密码至少需要 10 个字符"));

        using var reset = await ResetAsync(client, link, email, newPassword);
        Assert.That(await reset.Content.ReadAsStringAsync(), Does.Contain("密码已重置"));

        using var oldPassword = await SignInAsync(client, email, Password);
        Assert.That(Http.SetCookies(oldPassword), Has.None.StartsWith(AccountsRegistration.AuthCookieName));
        using var signedIn = await SignInAsync(client, email, newPassword);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using var reused = await ResetAsync(client, link, email, "another long passphrase");
        Assert.That(await reused.Content.ReadAsStringAsync(), Does.Contain("链接无效或已过期"));
    }

    [Test]
    public async Task Forgot_password_for_an_unconfirmed_address_sends_the_confirmation_again()
    {
        var email = NewEmail();
        using var client = Factory.CreateBrowserLikeClient();
        using var registered = await RegisterAsync(client, "冯源", email, Password);

        using var forgot = await ForgotAsync(client, email);

        Assert.That(await forgot.Content.ReadAsStringAsync(), Does.Contain("如果该邮箱已注册"));
        Assert.That(Mailbox.MessagesTo(Factory, email), Has.Count.EqualTo(2));
        Assert.That(Mailbox.LatestLink(Factory, email, AccountPaths.ConfirmEmail), Is.Not.Empty);
    }

    private static string NewEmail() => $"{Guid.NewGuid():N}@example.com";

    private async Task<MarketplaceUser?> FindUserAsync(string email)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>().FindByEmailAsync(email);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string name, string email, string password) =>
        Forms.PostAsync(client, AccountPaths.Register, AccountPaths.Register, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    private static Task<HttpResponseMessage> ForgotAsync(HttpClient client, string email) =>
        Forms.PostAsync(client, AccountPaths.ForgotPassword, AccountPaths.ForgotPassword, new Dictionary<string, string> { ["Input.Email"] = email });

    private static Task<HttpResponseMessage> ResetAsync(HttpClient client, string link, string email, string password) =>
        Forms.PostAsync(client, link, AccountPaths.ResetPassword, new Dictionary<string, string>
        {
            ["Input.Code"] = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["code"]!,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        Forms.PostAsync(client, AccountPaths.Login, AccountPaths.Login, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "false",
        });
}
