using System.Net;
using System.Net.Http.Json;
using Marketplace.Web.Accounts;
using Marketplace.Web.Errors;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Web.Tests;

/// <summary>Sign-in, registration and password reset share a per-address limit; reading the forms is free.</summary>
public sealed class AuthenticationRateLimitTests : WebAppFixture
{
    private const int Limit = 3;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?>
    {
        ["RateLimits:Authentication:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Authentication:Window"] = "00:10:00",
    });

    [Test]
    public async Task Posts_beyond_the_limit_are_429_with_Retry_After_on_pages_and_api()
    {
        using var client = Factory.CreateBrowserLikeClient();

        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            using var allowed = await SignInAsync(client);
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"attempt {attempt}");
        }

        using var page = await SignInAsync(client);
        var problem = await AccountApiTests.AssertProblemAsync(page, HttpStatusCode.TooManyRequests, Problems.TooManyRequests);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(429));
        Assert.That(page.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(10)));

        // The same budget covers the API and the other forms; reading a form stays free.
        using var api = await client.PostAsJsonAsync("/api/account/login", new { email = "a@example.com", password = "whatever long" });
        await AccountApiTests.AssertProblemAsync(api, HttpStatusCode.TooManyRequests, Problems.TooManyRequests);
        Assert.That(api.Headers.RetryAfter, Is.Not.Null);
        using var register = await client.PostAsJsonAsync("/api/account/register", new { displayName = "x", email = "b@example.com", password = "whatever long" });
        Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        using var form = await client.GetAsync(AccountPaths.ForgotPassword);
        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // A person gets the error page, in Chinese.
        using var person = await Forms.PostAsync(client, AccountPaths.Login, AccountPaths.Login, Fields, Http.BrowserAccept);
        Assert.That(person.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await person.Content.ReadAsStringAsync(), Does.Contain("操作过于频繁"));
        Assert.That(person.Headers.RetryAfter, Is.Not.Null);
    }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["Input.Email"] = "nobody@example.com",
        ["Input.Password"] = "wrong password 123",
    };

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client) =>
        Forms.PostAsync(client, AccountPaths.Login, AccountPaths.Login, Fields);
}
