using Marketplace.Integration.Tests.Infrastructure;

namespace Marketplace.Integration.Tests.Hosting;

/// <summary>The shipped programs, started the way a user or an orchestrator starts them.</summary>
public sealed class RuntimeTests
{
    [Test]
    public async Task The_embedded_default_starts_on_a_fresh_data_folder_and_answers_ready()
    {
        var data = Directory.CreateTempSubdirectory("marketplace-embedded-");
        try
        {
            var port = ChildProcess.FreePort();
            await using var web = ChildProcess.Start("embedded web", "dotnet",
                ["run", "--project", Path.Combine(Repository.Root, "src", "Marketplace.Web"), "--no-build", "-c", Repository.Configuration,
                 "--", "--urls", $"http://127.0.0.1:{port}"],
                new Dictionary<string, string?> { ["Database:DataDirectory"] = data.FullName },
                Repository.Root);

            await Readiness.WaitAsync(web, port);
            Assert.That(File.Exists(Path.Combine(data.FullName, "marketplace.db")), "the SQLite file was created in the data folder");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Web_hosts_and_order_services_start_side_by_side_on_PostgreSQL_and_RabbitMQ()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = TestServices.ScaleOut(database.ConnectionString, Settings.NewPrefix());
        var ports = Enumerable.Range(0, 4).Select(_ => ChildProcess.FreePort()).ToArray();
        var web = Repository.Program("Marketplace.Web");
        var orders = Repository.Program("Marketplace.OrderService");

        // All four migrate at start at the same moment; EF Core's migration lock lets one of them do it.
        var processes = new[]
        {
            ChildProcess.StartProgram("web 1", web, settings.With(("Messaging:RunConsumers", "false")), "--urls", $"http://127.0.0.1:{ports[0]}"),
            ChildProcess.StartProgram("web 2", web, settings.With(("Messaging:RunConsumers", "false")), "--urls", $"http://127.0.0.1:{ports[1]}"),
            ChildProcess.StartProgram("order service 1", orders, settings, "--urls", $"http://127.0.0.1:{ports[2]}"),
            ChildProcess.StartProgram("order service 2", orders, settings, "--urls", $"http://127.0.0.1:{ports[3]}"),
        };
        try
        {
            await Task.WhenAll(processes.Select((p, i) => Readiness.WaitAsync(p, ports[i])));
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM \"__EFMigrationsHistory\""), Is.Positive);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }
}
