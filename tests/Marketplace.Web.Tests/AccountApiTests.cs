using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Core.Accounts;
using Marketplace.Web.Accounts;
using Marketplace.Web.Errors;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests;

/// <summary>The account API: bearer tokens on the same users as the pages' cookie.</summary>
public sealed class AccountApiTests : WebAppFixture
{
    private const string Password = "plateau pears 2021";

    [Test]
    public async Task Register_confirm_and_sign_in_gives_a_bearer_token_for_the_same_user_as_the_cookie()
    {
        var email = NewEmail();
        using var api = Factory.CreateClient();

        using var registered = await api.PostAsJsonAsync("/api/account/register", new { displayName = "马兰", email, password = Password });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());

        using var unconfirmed = await api.PostAsJsonAsync("/api/account/login", new { email, password = Password });
        await AssertProblemAsync(unconfirmed, HttpStatusCode.Unauthorized, Problems.Unauthorized);

        using var browser = Factory.CreateBrowserLikeClient();
        _ = await browser.GetStringAsync(Mailbox.LatestLink(Factory, email, AccountPaths.ConfirmEmail));

        var tokens = await SignInAsync(api, email, Password);
        Assert.That(tokens.GetProperty("tokenType").GetString(), Is.EqualTo("Bearer"));
        Assert.That(tokens.GetProperty("refreshToken").GetString(), Is.Not.Empty);
        var byToken = await MeAsync(api, tokens.GetProperty("accessToken").GetString()!);

        using var signedIn = await Forms.PostAsync(browser, AccountPaths.Login, AccountPaths.Login, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var byCookie = JsonDocument.Parse(await browser.GetStringAsync("/api/account/me"));

        Assert.Multiple(() =>
        {
            Assert.That(byToken.GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(byToken.GetProperty("displayName").GetString(), Is.EqualTo("马兰"));
            Assert.That(byToken.GetProperty("emailConfirmed").GetBoolean(), Is.True);
            Assert.That(byCookie.RootElement.GetProperty("id").GetString(), Is.EqualTo(byToken.GetProperty("id").GetString()));
        });
    }

    [Test]
    public async Task A_wrong_password_is_401_ProblemDetails()
    {
        var email = await CreateConfirmedUserAsync();
        using var api = Factory.CreateClient();

        using var response = await api.PostAsJsonAsync("/api/account/login", new { email, password = "not the password" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, Problems.Unauthorized);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("电子邮箱或密码不正确"));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
    }

    [Test]
    public async Task Me_without_credentials_or_with_a_forged_token_is_401_ProblemDetails()
    {
        using var api = Factory.CreateClient();

        using var anonymous = await api.GetAsync("/api/account/me");
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, Problems.Unauthorized);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged");
        using var forged = await api.SendAsync(request);
        await AssertProblemAsync(forged, HttpStatusCode.Unauthorized, Problems.Unauthorized);
    }

    [Test]
    public async Task A_refresh_token_gives_new_tokens_until_the_password_changes()
    {
        var email = await CreateConfirmedUserAsync();
        using var api = Factory.CreateClient();
        var tokens = await SignInAsync(api, email, Password);
        var refreshToken = tokens.GetProperty("refreshToken").GetString();

        using var refreshed = await api.PostAsJsonAsync("/api/account/refresh", new { refreshToken });
        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var renewed = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        var me = await MeAsync(api, renewed.RootElement.GetProperty("accessToken").GetString()!);
        Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(email));

        using (var scope = Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.That((await users.ChangePasswordAsync(user!, Password, "a brand new passphrase")).Succeeded, Is.True);
        }

        using var stale = await api.PostAsJsonAsync("/api/account/refresh", new { refreshToken });
        await AssertProblemAsync(stale, HttpStatusCode.Unauthorized, Problems.Unauthorized);
    }

    [Test]
    public async Task A_duplicate_email_is_a_ValidationProblem_and_creates_nothing()
    {
        var email = await CreateConfirmedUserAsync("原有用户");
        using var api = Factory.CreateClient();

        using var response = await api.PostAsJsonAsync("/api/account/register", new { displayName = "冒名", email, password = Password });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, Problems.ValidationFailed);
        Assert.That(problem.GetProperty("errors").GetProperty("email")[0].GetString(), Does.Contain("已注册"));
        Assert.That((await FindUserAsync(email))!.DisplayName, Is.EqualTo("原有用户"));
        Assert.That(Mailbox.MessagesTo(Factory, email), Is.Empty);
    }

    [Test]
    public async Task A_weak_password_is_a_ValidationProblem_and_creates_nothing()
    {
        var email = NewEmail();
        using var api = Factory.CreateClient();

        using var response = await api.PostAsJsonAsync("/api/account/register", new { displayName = "弱密码", email, password = "aaaaaaaaaaaa" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, Problems.ValidationFailed);
        Assert.That(problem.GetProperty("errors").GetProperty("password")[0].GetString(), Does.Contain("不同的字符"));
        Assert.That(await FindUserAsync(email), Is.Null);
    }

    [Test]
    public async Task Missing_and_malformed_fields_are_a_ValidationProblem_in_the_chosen_language()
    {
        using var api = Factory.CreateClient();

        using var response = await api.PostAsJsonAsync("/api/account/register?culture=en&ui-culture=en", new { email = "not an email" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, Problems.ValidationFailed);
        var errors = problem.GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(errors.GetProperty("displayName")[0].GetString(), Is.EqualTo("Name is required."));
            Assert.That(errors.GetProperty("email")[0].GetString(), Is.EqualTo("Enter a valid email address."));
            Assert.That(errors.GetProperty("password")[0].GetString(), Is.EqualTo("Password is required."));
        });
    }

    [Test]
    public async Task Malformed_JSON_is_400_ProblemDetails_and_creates_nothing()
    {
        var email = NewEmail();
        using var api = Factory.CreateClient();
        using var body = new StringContent($"{{\"displayName\":\"坏\",\"email\":\"{email}\",\"password\":", Encoding.UTF8, "application/json");

        using var response = await api.PostAsync("/api/account/register", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await FindUserAsync(email), Is.Null);
    }

    [Test]
    public async Task Password_reset_round_trip_through_the_api_and_the_mail_file()
    {
        var email = await CreateConfirmedUserAsync();
        using var api = Factory.CreateClient();

        using var unknown = await api.PostAsJsonAsync("/api/account/forgot-password", new { email = NewEmail() });
        using var known = await api.PostAsJsonAsync("/api/account/forgot-password", new { email });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(known.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var link = Mailbox.LatestLink(Factory, email, AccountPaths.ResetPassword);
        var code = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["code"];

        using var wrongCode = await api.PostAsJsonAsync("/api/account/reset-password", new { email, code = code + "x", newPassword = "wenshan beef forever" });
        await AssertProblemAsync(wrongCode, HttpStatusCode.BadRequest, Problems.ValidationFailed);

        using var reset = await api.PostAsJsonAsync("/api/account/reset-password", new { email, code, newPassword = "wenshan beef forever" });
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await reset.Content.ReadAsStringAsync());

        var tokens = await SignInAsync(api, email, "wenshan beef forever");
        Assert.That(tokens.GetProperty("accessToken").GetString(), Is.Not.Empty);
    }

    private static string NewEmail() => $"{Guid.NewGuid():N}@example.com";

    private async Task<string> CreateConfirmedUserAsync(string displayName = "测试用户")
    {
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>();
        var email = NewEmail();
        var result = await users.CreateAsync(new MarketplaceUser { UserName = email, Email = email, DisplayName = displayName, EmailConfirmed = true }, Password);
        Assert.That(result.Succeeded, Is.True);
        return email;
    }

    private async Task<MarketplaceUser?> FindUserAsync(string email)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>().FindByEmailAsync(email);
    }

    private static async Task<JsonElement> SignInAsync(HttpClient api, string email, string password)
    {
        using var response = await api.PostAsJsonAsync("/api/account/login", new { email, password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static async Task<JsonElement> MeAsync(HttpClient api, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await api.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, ProblemType type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        using var json = JsonDocument.Parse(body);
        var problem = json.RootElement.Clone();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(type.Uri));
        return problem;
    }
}
