using System.Net;
using System.Text.Json;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Web.Tests;

public sealed class ApiReferenceTests : WebAppFixture
{
    [Test]
    public async Task OpenApi_document_is_json_with_an_openapi_version()
    {
        using var client = Factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("openapi").GetString(), Does.StartWith("3."));
        Assert.That(json.RootElement.GetProperty("info").GetProperty("title").GetString(), Does.Contain("消费帮扶"));
    }

    [Test]
    public async Task Scalar_reference_page_is_html_and_loads_nothing_from_the_internet()
    {
        using var client = Factory.CreateClient();

        using var response = await client.GetAsync("/scalar");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Not.Contain("cdn.jsdelivr.net").And.Not.Contain("fonts.scalar.com"));
    }
}
