using System.Net;
using Marketplace.Core.Accounts;
using Marketplace.Web.Accounts;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests;

public sealed class LoginTests : WebAppFixture
{
    private const string Password = "correct horse battery";

    [Test]
    public async Task Login_page_renders_a_form_with_an_antiforgery_token()
    {
        using var client = Factory.CreateBrowserLikeClient();

        var html = await client.GetStringAsync("/account/login");

        Assert.Multiple(() =>
        {
            Assert.That(Forms.AntiforgeryToken(html), Is.Not.Empty);
            Assert.That(html, Does.Contain("电子邮箱").And.Contain("密码").And.Contain("在这台设备上保持登录"));
            Assert.That(html, Does.Contain("name=\"Input.Email\"").And.Contain("name=\"Input.Password\""));
        });
    }

    [Test]
    public async Task Unknown_credentials_show_a_localized_error_and_set_no_auth_cookie()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, "nobody@example.com", "wrong password 123");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("电子邮箱或密码不正确"));
        Assert.That(Http.SetCookies(response), Has.None.StartsWith(AccountsRegistration.AuthCookieName));
    }

    [Test]
    public async Task Missing_fields_show_localized_validation_messages()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, "", "");

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("请填写电子邮箱。").And.Contain("请填写密码。"));
    }

    [Test]
    public async Task Validation_messages_follow_the_chosen_language()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, "not an email", "x", query: "?culture=en&ui-culture=en");

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Enter a valid email address."));
    }

    [Test]
    public async Task Posting_without_the_antiforgery_token_is_rejected()
    {
        using var client = Factory.CreateBrowserLikeClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "a@example.com", ["Input.Password"] = Password });

        using var response = await client.PostAsync("/account/login", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Signing_in_sets_the_cookie_greets_the_user_and_returns_only_to_local_urls()
    {
        var email = await CreateUserAsync("李娜");
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, email, Password, query: "?ReturnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That(Http.SetCookies(response), Has.Some.StartsWith(AccountsRegistration.AuthCookieName + "="));
        var home = await client.GetStringAsync("/");
        Assert.That(home, Does.Contain("李娜").And.Contain("退出"));
    }

    [Test]
    public async Task Signing_in_returns_to_a_local_return_url()
    {
        var email = await CreateUserAsync("王强");
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await SignInAsync(client, email, Password, query: "?ReturnUrl=%2Faccount%2Faccess-denied");

        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/account/access-denied"));
    }

    [Test]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes()
    {
        var email = await CreateUserAsync("张伟");
        using var client = Factory.CreateBrowserLikeClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await SignInAsync(client, email, "not the password");
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("电子邮箱或密码不正确"), $"attempt {attempt}");
        }

        using var fifth = await SignInAsync(client, email, "not the password");
        Assert.That(await fifth.Content.ReadAsStringAsync(), Does.Contain("账号已暂时锁定，请 15 分钟后再试"));

        using var right = await SignInAsync(client, email, Password);
        Assert.That(await right.Content.ReadAsStringAsync(), Does.Contain("账号已暂时锁定"));
        Assert.That(Http.SetCookies(right), Has.None.StartsWith(AccountsRegistration.AuthCookieName));
    }

    [Test]
    public async Task Signing_out_takes_a_post_and_clears_the_cookie()
    {
        var email = await CreateUserAsync("陈静");
        using var client = Factory.CreateBrowserLikeClient();
        using var signedIn = await SignInAsync(client, email, Password);

        using var get = await client.GetAsync("/account/logout");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));

        using var post = await Forms.PostAsync(client, "/", "/account/logout", new Dictionary<string, string>());
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Http.SetCookies(post), Has.Some.StartsWith(AccountsRegistration.AuthCookieName + "=;"));
        Assert.That(await client.GetStringAsync("/"), Does.Contain("登录").And.Not.Contain("陈静"));
    }

    [Test]
    public async Task Passwords_shorter_than_ten_characters_are_refused()
    {
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>();

        var result = await users.CreateAsync(NewUser("short"), "abc123xyz");

        Assert.That(result.Errors.Select(e => e.Code), Does.Contain(nameof(IdentityErrorDescriber.PasswordTooShort)));
    }

    private async Task<string> CreateUserAsync(string displayName)
    {
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>();
        var user = NewUser(displayName);
        var result = await users.CreateAsync(user, Password);
        Assert.That(result.Succeeded, Is.True, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user.Email!;
    }

    private static MarketplaceUser NewUser(string displayName)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        // Sign-in requires a confirmed address; registration's confirmation is tested in RegistrationTests.
        return new MarketplaceUser { UserName = email, Email = email, DisplayName = displayName, EmailConfirmed = true };
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string query = "") =>
        Forms.PostAsync(client, "/account/login" + query, "/account/login" + query, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "false",
        });
}
