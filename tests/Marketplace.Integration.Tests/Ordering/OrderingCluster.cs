using System.Diagnostics;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>
/// Ordering in scale-out, each part its own process: web hosts that take orders but leave the consumers to the order
/// service (their outbox relays publish the SubmitOrder messages), and order-service processes that decide them, on
/// one fresh PostgreSQL database and one RabbitMQ virtual host with queues of their own.
/// </summary>
internal sealed class OrderingCluster : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private readonly List<HttpClient> _clients = [];
    private readonly Dictionary<string, string?> _settings;
    private readonly List<Uri> _webHosts = [];
    private readonly List<ChildProcess> _orderServiceProcesses = [];
    private int _orderServices;
    private int _webHostsStarted;

    private OrderingCluster(PostgresDatabase database, string prefix, Uri? broker, Dictionary<string, string?> settings)
    {
        Database = database;
        Prefix = prefix;
        Broker = broker;
        _settings = settings;
    }

    public PostgresDatabase Database { get; }

    /// <summary>The broker the processes use when it is not the suite's virtual host (a test's own RabbitMQ node).</summary>
    public Uri? Broker { get; }

    /// <summary>The queue-name prefix: the order service's SubmitOrder queue is <c>{Prefix}-submit-order</c>.</summary>
    public string Prefix { get; }

    public IReadOnlyList<Uri> WebHosts => _webHosts;

    /// <summary>The order-service processes in the order they were started, the killed ones included.</summary>
    public IReadOnlyList<ChildProcess> OrderServices
    {
        get
        {
            lock (_orderServiceProcesses)
            {
                return [.. _orderServiceProcesses];
            }
        }
    }

    /// <summary>Migrates a fresh database and starts <paramref name="orderServices"/> order services and <paramref name="webHosts"/> web hosts, all ready.</summary>
    public static Task<OrderingCluster> StartAsync(int orderServices, int webHosts = 1, params (string Key, string Value)[] settings) =>
        StartAsync(new ClusterServices(), orderServices, webHosts, settings);

    /// <summary>The same on the servers <paramref name="services"/> names (a test's own PostgreSQL or RabbitMQ, to stop and start them).</summary>
    public static async Task<OrderingCluster> StartAsync(ClusterServices services, int orderServices, int webHosts, params (string Key, string Value)[] settings)
    {
        var database = await PostgresDatabase.CreateAsync(services.PostgresServer);
        var prefix = Settings.NewPrefix();
        var cluster = new OrderingCluster(database, prefix, services.Broker, TestServices.ScaleOut(PooledFor(database), prefix, services.Broker).With(settings));
        try
        {
            await using (var db = database.Context())
            {
                await db.Database.MigrateAsync();
            }

            // All at once: nothing is published before every process is ready (the order service's queues bound;
            // RabbitMQ drops a message no queue is bound for), because no order exists before this returns.
            var started = Stopwatch.StartNew();
            await Task.WhenAll([
                .. Enumerable.Range(0, orderServices).Select(_ => cluster.StartOrderServiceAsync()),
                .. Enumerable.Range(0, webHosts).Select(_ => cluster.StartWebHostAsync())]);
            TestContext.Out.WriteLine($"{orderServices} order service(s) and {webHosts} web host(s) ready in {started.Elapsed.TotalSeconds:F1} s");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<ChildProcess> StartOrderServiceAsync()
    {
        var port = ChildProcess.FreePort();
        var process = Track(ChildProcess.StartProgram(
            $"order service {Interlocked.Increment(ref _orderServices)}", Repository.Program("Marketplace.OrderService"), _settings,
            "--urls", $"http://127.0.0.1:{port}"));
        lock (_orderServiceProcesses)
        {
            _orderServiceProcesses.Add(process);
        }

        await Readiness.WaitAsync(process, port);
        return process;
    }

    /// <summary>A buyer signed in on web host <paramref name="webHost"/> with a bearer token, as a program signs in.</summary>
    public async Task<Buyer> SignInAsync(string email, int webHost = 0)
    {
        var (buyer, client) = await Buyer.SignInAsync(_webHosts[webHost], email);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return buyer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    /// <summary>
    /// Each process gets a share of the server's connections (PostgreSQL allows 100 by default, for everyone on it),
    /// as a deployment must budget them: with Npgsql's default pool of 100 per process, one burst of requests on a web
    /// host can take every slot, and the order services then fail to connect instead of waiting for a pooled connection.
    /// </summary>
    private static string PooledFor(PostgresDatabase database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 16 }.ConnectionString;

    private async Task StartWebHostAsync()
    {
        var port = ChildProcess.FreePort();
        var process = Track(ChildProcess.StartProgram(
            $"web {Interlocked.Increment(ref _webHostsStarted)}", Repository.Program("Marketplace.Web"),
            _settings.With(("Messaging:RunConsumers", "false"), ("RateLimits:Authentication:PermitLimit", "1000")),
            "--urls", $"http://127.0.0.1:{port}"));
        await Readiness.WaitAsync(process, port);
        lock (_webHosts)
        {
            _webHosts.Add(new Uri($"http://127.0.0.1:{port}"));
        }
    }

    private ChildProcess Track(ChildProcess process)
    {
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }
}

/// <summary>Where a cluster runs: the suite's PostgreSQL server and RabbitMQ virtual host unless named here.</summary>
internal sealed record ClusterServices(string? PostgresServer = null, Uri? Broker = null);
