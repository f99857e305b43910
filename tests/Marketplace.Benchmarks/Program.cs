using System.Diagnostics;
using System.Globalization;
using Marketplace.Benchmarks.Catalog;
using Marketplace.Benchmarks.Hosting;
using Marketplace.Benchmarks.Ledger;
using Marketplace.Benchmarks.Orders;
using Marketplace.Benchmarks.Raw;
using Marketplace.Benchmarks.Results;
using Marketplace.Benchmarks.Seeding;
using Marketplace.Benchmarks.Stock;
using Marketplace.Benchmarks.UnitOrders;
using Marketplace.Core.Data;
using Npgsql;

// Usage: dotnet run -c Release --project tests/Marketplace.Benchmarks -- [--quick]
// Exit status 0 when every target is met, 1 when one is missed, 2 when a run could not be completed.
var plan = args.Contains("--quick") ? BenchmarkPlan.Quick : BenchmarkPlan.Full;
// --only B4 (or B1, B1e, B3, B5, B6): one measure, to chase a miss without the rest.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var clock = Stopwatch.StartNew();
var work = Directory.CreateTempSubdirectory("marketplace-bench-");
try
{
    var (postgresAdmin, rabbit) = Machine.Services();
    var load = Machine.LoadGenerator(work.FullName);
    var webDll = Machine.WebHostDll();
    string postgresVersion;
    await using (var admin = new NpgsqlConnection(postgresAdmin))
    {
        await admin.OpenAsync();
        postgresVersion = "PostgreSQL " + admin.PostgreSqlVersion;
    }

    Console.WriteLine($"Machine: {Machine.Description(postgresVersion)}");
    Console.WriteLine($"Load generator: {load.Description}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Plan: {plan.Listings:N0} listings, {plan.Rounds} round(s) A B, {plan.Throughput.TotalSeconds:F0} s per throughput run " +
        $"({BenchmarkPlan.ThroughputConnections} connections), {plan.Latency.TotalSeconds:F0} s per latency run ({BenchmarkPlan.LatencyConnections} connections); " +
        $"web host built {Machine.Configuration}"));

    var table = new ResultTable();
    var catalog = new CatalogBenchmark(plan, load);

    // PostgreSQL: B1, B2, B7, B5 and B4.
    if (Runs("B1") || Runs("B5") || Runs("B4"))
    {
        var database = $"mp_bench_{Guid.NewGuid():N}"[..20];
        await ExecuteAsync(postgresAdmin, $"CREATE DATABASE {database}");
        var postgres = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = database }.ConnectionString;
        try
        {
            Console.WriteLine($"\nPostgreSQL: web host on database {database}");
            // As deployed (deploy/compose.yaml): the consumers run in the order service, not in the web hosts.
            var settings = new Dictionary<string, string?>(PostgresSettings(postgres, rabbit)) { ["Messaging:RunConsumers"] = "false" };
            // The measured host starts on a migrated database, as every host does but the one that first meets a
            // release's migrations: applying all of them from an empty database leaves ~25 MiB of compiled
            // migration code in the process for its lifetime, which is not what B7 measures.
            await (await WebHostProcess.StartAsync(webDll, settings)).DisposeAsync();
            await using var web = await WebHostProcess.StartAsync(webDll, settings);
            var ready = web.RssMegabytes();
            await SeedAsync(() => SeedWriters.PostgresCountiesAsync(postgres), tables => SeedWriters.PostgresAsync(postgres, tables));
            await using var raw = await RawCatalogEndpoint.StartAsync(postgres, null);
            if (Runs("B1"))
            {
                await catalog.RunAsync(table, "B1", "PostgreSQL", web, raw.Address + RawCatalogEndpoint.PostgresPath, withSearch: true);
                Console.WriteLine($"  after the load, web host {web.MemoryBreakdown()}");
                AddMemory(table, "B7", "PostgreSQL", web.PeakRssMegabytes(), ready);
            }

            if (Runs("B5"))
            {
                await new LedgerBenchmark(plan.LedgerEntries, plan.Rounds).RunAsync(table, postgres);
            }

            // At least 3 rounds even when quick: the two variants are cheap and the ratio is noisy.
            if (Runs("B4"))
            {
                await new StockReservationBenchmark(Math.Max(3, plan.Rounds), plan.Throughput).RunAsync(table, postgres);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DropAsync(postgresAdmin, database);
        }
    }

    // B3 and the order service's B7: web host and order service on a database of their own, so that the catalog's
    // web host (which runs consumers) takes none of the order service's messages.
    if (Runs("B3"))
    {
        var ordersDatabase = $"mp_b3_{Guid.NewGuid():N}"[..20];
        await ExecuteAsync(postgresAdmin, $"CREATE DATABASE {ordersDatabase}");
        var ordersPostgres = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = ordersDatabase }.ConnectionString;
        try
        {
            Console.WriteLine($"\nOrders end to end: web host and order service on database {ordersDatabase}");
            await new OrderPipelineBenchmark(plan).RunAsync(table, ordersPostgres, rabbit, PostgresSettings(ordersPostgres, rabbit));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DropAsync(postgresAdmin, ordersDatabase);
        }
    }

    // The embedded default: SQLite and the in-memory bus.
    if (Runs("B1e"))
    {
        // The raw endpoints run in this process with SQLite set as the product sets it, so the comparison is like for like.
        if (!SqliteProcessSettings.Apply())
        {
            Console.WriteLine("  SQLite had already started in this process: its raw endpoints run with memory status on");
        }
        var folder = work.CreateSubdirectory("sqlite").FullName;
        var sqlite = $"Data Source={Path.Combine(folder, "marketplace.db")};Foreign Keys=True";
        Console.WriteLine($"\nSQLite: web host on {folder}");
        await using var web = await WebHostProcess.StartAsync(webDll, new Dictionary<string, string?> { ["Database:DataDirectory"] = folder });
        var ready = web.RssMegabytes();
        await SeedAsync(() => SeedWriters.SqliteCountiesAsync(sqlite), tables => SeedWriters.SqliteAsync(sqlite, tables));
        await using var raw = await RawCatalogEndpoint.StartAsync(null, sqlite);
        await catalog.RunAsync(
            table, "B1e", "SQLite", web, raw.Address + RawCatalogEndpoint.SqlitePath, withSearch: true, keptRawAddress: raw.Address + RawCatalogEndpoint.SqliteKeptPath);
        AddMemory(table, "B7e", "SQLite", web.PeakRssMegabytes(), ready);
    }

    // B6 on the embedded default, with the demo data for its purchaser (in Staging: never in Production).
    if (Runs("B6"))
    {
        var folder = work.CreateSubdirectory("sqlite-b6").FullName;
        var sqlite = $"Data Source={Path.Combine(folder, "marketplace.db")};Foreign Keys=True";
        Console.WriteLine($"\nB6: web host with the demo data on {folder}");
        await using var web = await WebHostProcess.StartAsync(webDll, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["DemoData:Enabled"] = "true",
            ["Database:DataDirectory"] = folder,
        }, ready: TimeSpan.FromMinutes(10)); // the demo data is written before the host answers: minutes on a busy machine
        await SeedAsync(() => SeedWriters.SqliteCountiesAsync(sqlite), tables => SeedWriters.SqliteAsync(sqlite, tables), BulkOrderBenchmark.Lines);
        await new BulkOrderBenchmark(Math.Max(3, plan.Rounds)).RunAsync(table, web, sqlite);
    }

    Console.WriteLine($"\nResults ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {clock.Elapsed.TotalMinutes:F1} min, load: {load.Description}):\n");
    Console.WriteLine(table.ToMarkdown());
    return table.AllMet ? 0 : 1;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or NpgsqlException or IOException or HttpRequestException)
{
    Console.Error.WriteLine($"The benchmark could not run: {e}");
    return 2;
}
finally
{
    work.Delete(recursive: true);
}

bool Runs(string id) => only is null || string.Equals(only, id, StringComparison.OrdinalIgnoreCase);

async Task SeedAsync(Func<Task<IReadOnlyList<string>>> counties, Func<IEnumerable<SeedTable>, Task> write, int? listings = null)
{
    var started = Stopwatch.StartNew();
    var count = listings ?? plan.Listings;
    await write(CatalogSeed.Tables(count, await counties(), DateTime.UtcNow));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {count:N0} listings in {started.Elapsed.TotalSeconds:F1} s"));
}

static void AddMemory(ResultTable table, string id, string database, double megabytes, double ready) =>
    table.Add(new ResultRow(id, $"web host peak RSS (VmHWM) after the catalog load, {database}",
        string.Create(CultureInfo.InvariantCulture, $"{megabytes:F0} MiB ({megabytes * 1.048576:F0} MB)"), "—", null, "≤ 300 MB", megabytes * 1024 * 1024 <= 300_000_000,
        $"{ready.ToString("F0", CultureInfo.InvariantCulture)} MiB when ready, before any load"));

// FORCE may be refused (42501) for a backend the role may not end, e.g. an autovacuum worker on the fresh stock rows:
// wait for it and try again, and if the database still cannot go, say so; the results are printed either way.
static async Task DropAsync(string admin, string database)
{
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            return;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
        {
            if (attempt == 10)
            {
                Console.Error.WriteLine($"Warning: could not drop the benchmark database {database} ({e.SqlState}: {e.MessageText}); drop it by hand.");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static Dictionary<string, string?> PostgresSettings(string connectionString, Uri rabbit)
{
    var credentials = Uri.UnescapeDataString(rabbit.UserInfo).Split(':', 2);
    return new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["Database:ConnectionString"] = connectionString,
        ["Messaging:Transport"] = "RabbitMq",
        // One prefix per run: a run killed midway never shares its queues (and their messages) with the next; the test
        // virtual host's expiry policy (deploy/local/services.sh) removes them once their consumers are gone.
        ["Messaging:EndpointPrefix"] = $"bench-{Machine.RunId}",
        ["Messaging:RabbitMq:Host"] = rabbit.Host,
        ["Messaging:RabbitMq:Port"] = rabbit.Port.ToString(CultureInfo.InvariantCulture),
        ["Messaging:RabbitMq:VirtualHost"] = Uri.UnescapeDataString(rabbit.AbsolutePath.TrimStart('/')),
        ["Messaging:RabbitMq:Username"] = credentials[0],
        ["Messaging:RabbitMq:Password"] = credentials.Length > 1 ? credentials[1] : "",
    };
}
