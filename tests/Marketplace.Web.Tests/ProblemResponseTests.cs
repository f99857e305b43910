using System.Net;
using System.Text.Json;
using Marketplace.Web.Errors;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Web.Tests;

/// <summary>Errors as programs see them (ProblemDetails) and as people see them (the error page).</summary>
public sealed class ProblemResponseTests : WebAppFixture
{
    protected override MarketplaceWebFactory CreateFactory() => new MarketplaceWebFactory(configureServices: FaultInjection.Register);

    [Test]
    public async Task Unknown_api_path_is_a_404_problem_even_for_an_anonymous_browser()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, "/api/no-such-thing", Http.BrowserAccept);

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems.NotFound.Uri));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("未找到 / Not found"));
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(404));
            Assert.That(problem.GetProperty("instance").GetString(), Is.EqualTo("/api/no-such-thing"));
            Assert.That(problem.GetProperty("traceId").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Wrong_method_is_a_405_problem()
    {
        using var client = Factory.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/openapi/v1.json");

        using var response = await client.SendAsync(request);

        var problem = await ReadProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems.MethodNotAllowed.Uri));
    }

    [Test]
    public async Task Unknown_page_shows_the_localized_error_page_with_404()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, "/no-such-page", Http.BrowserAccept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("找不到这个页面").And.Contain("<html lang=\"zh-CN\">"));
    }

    [Test]
    public async Task Unknown_page_is_not_a_sign_in_redirect()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, "/no-such-page/favicon.ico", Http.BrowserAccept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/api" + FaultInjection.Segment + "/postgres-down")]
    [TestCase("/api" + FaultInjection.Segment + "/sqlite-locked")]
    public async Task Database_outage_is_a_503_problem_with_retry_after(string path)
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(path);

        var problem = await ReadProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems.ServiceUnavailable.Uri));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("服务暂时不可用 / Service temporarily unavailable"));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(ExceptionToProblem.RetryAfter));
            Assert.That(problem.ToString(), Does.Not.Contain("hunter2").And.Not.Contain("10.0.0.9"));
        });
    }

    [Test]
    public async Task A_bug_is_a_500_problem_without_message_or_stack_trace()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/api" + FaultInjection.Segment + "/bug");

        var problem = await ReadProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems.InternalError.Uri));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("服务器内部错误 / Internal server error"));
            Assert.That(body, Does.Not.Contain("hunter2").And.Not.Contain("InvalidOperationException").And.Not.Contain(" at "));
        });
    }

    [Test]
    public async Task A_malformed_request_is_a_400_problem()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/api" + FaultInjection.Segment + "/bad-request");

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(Problems.BadRequest.Uri));
    }

    [Test]
    public async Task A_page_that_fails_shows_the_localized_error_page_without_details()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, FaultInjection.Segment + "/bug", Http.BrowserAccept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("出错了").And.Contain("追踪编号").And.Not.Contain("hunter2"));
    }

    [Test]
    public async Task A_page_during_an_outage_shows_the_unavailable_page_with_retry_after()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, FaultInjection.Segment + "/postgres-down", Http.BrowserAccept);

        await AssertUnavailablePageAsync(response);
    }

    [Test]
    public async Task The_error_page_follows_the_chosen_language()
    {
        using var client = Factory.CreateBrowserLikeClient();

        using var response = await Http.GetAsync(client, "/no-such-page?culture=en&ui-culture=en", Http.BrowserAccept);

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Page not found").And.Contain("<html lang=\"en\">"));
    }

    internal static async Task AssertUnavailablePageAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(ExceptionToProblem.RetryAfter));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("服务暂时不可用"));
    }

    internal static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = json.RootElement.Clone();
        Assert.That(problem.GetProperty("type").GetString(), Does.StartWith(Problems.BaseUri));
        return problem;
    }
}
