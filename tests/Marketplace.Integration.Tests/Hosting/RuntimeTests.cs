using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Hosting;

/// <summary>The shipped programs, started the way a user or an orchestrator starts them.</summary>
public sealed class RuntimeTests
{
    private static readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

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

            await AssertReadyAsync(web, port);
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
            await Task.WhenAll(processes.Select((p, i) => AssertReadyAsync(p, ports[i])));
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

    private static async Task AssertReadyAsync(ChildProcess process, int port)
    {
        string? body = null;
        await Eventually.HoldsAsync(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"{process.Name} exited.\n{process.Output}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, $"{process.Name} answers /health/ready with 200", TimeSpan.FromSeconds(90));
        TestContext.Out.WriteLine($"{process.Name} ready: {body}");
    }
}
