using System.Net;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Web.Tests;

public sealed class HealthTests : WebAppFixture
{
    [Test]
    public async Task Liveness_answers_200_json_without_running_checks()
    {
        using var client = Factory.CreateClient();

        var report = await Http.ReadHealthAsync(client, "/health/live", HttpStatusCode.OK);

        Assert.That(report.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(report.GetProperty("checks").EnumerateObject(), Is.Empty);
    }

    [Test]
    public async Task Readiness_lists_a_healthy_database_and_bus()
    {
        using var client = Factory.CreateClient();

        var report = await Http.ReadHealthAsync(client, "/health/ready", HttpStatusCode.OK);

        var checks = report.GetProperty("checks");
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.EnumerateObject().Select(c => c.Name), Has.Some.Contains("masstransit"));
        });
    }

    [Test]
    public void The_embedded_database_lives_in_the_configured_data_folder()
    {
        _ = Factory.Services;

        Assert.That(File.Exists(Path.Combine(Factory.DataDirectory, "marketplace.db")), Is.True);
    }
}
