using System.Net;
using Marketplace.Web.Errors;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Web.Tests;

/// <summary>The web host pointed at a PostgreSQL that is not there: it starts, says it is not ready, and answers 503.</summary>
public sealed class DatabaseOutageTests : WebAppFixture
{
    protected override MarketplaceWebFactory CreateFactory() => new MarketplaceWebFactory(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=2",
        ["Database:MigrateOnStart"] = "false",
        // The relay would only log the same outage every second; these tests are about the web answers.
        ["Messaging:RunOutboxRelay"] = "false",
    });

    [Test]
    public async Task Readiness_is_503_and_names_the_database()
    {
        using var client = Factory.CreateClient();

        var report = await Http.ReadHealthAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);

        Assert.That(report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
    }

    [Test]
    public async Task Liveness_stays_200()
    {
        using var client = Factory.CreateClient();

        var report = await Http.ReadHealthAsync(client, "/health/live", HttpStatusCode.OK);

        Assert.That(report.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    // Pages with forms need the Data Protection key ring for their antiforgery tokens, and it lives in the database.
    [Test]
    public async Task A_page_with_a_form_shows_the_unavailable_page_with_retry_after()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, "/account/login", Http.BrowserAccept);

        await ProblemResponseTests.AssertUnavailablePageAsync(response);
    }

    [Test]
    public async Task A_program_gets_a_503_problem_that_names_no_host()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/account/login");

        var problem = await ProblemResponseTests.ReadProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems.ServiceUnavailable.Uri));
        Assert.That(problem.ToString(), Does.Not.Contain("127.0.0.1"));
    }

    [Test]
    public async Task An_unknown_page_is_still_a_404_page()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, "/no-such-page", Http.BrowserAccept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("找不到这个页面"));
    }
}
