using System.Diagnostics;
using Npgsql;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary folder, loopback, a free port), so a test can stop and
/// restart it without touching the server everyone else uses. Needs the PostgreSQL server package, as the suite does.
/// </summary>
internal sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;
    private readonly int _port;

    private OwnPostgres(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        _port = port;
    }

    /// <summary>An admin connection string (trust on loopback: the server lives only as long as the test).</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "postgres",
        Database = "postgres",
        // The default of 100 is shared by every process of the cluster; the test is alone here.
        Timeout = 5,
    }.ConnectionString;

    private string Data => Path.Combine(_folder, "data");

    public static async Task<OwnPostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture))
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: run deploy/local/services.sh install.");
        var folder = Directory.CreateTempSubdirectory("marketplace-own-postgres-").FullName;
        if (Command.IsRoot)
        {
            await Command.RunAsync("chown", ["postgres", folder]);
        }

        var server = new OwnPostgres(folder, bin, ChildProcess.FreePort());
        await Command.AsPostgresAsync(Path.Combine(bin, "initdb"), "-D", server.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Stops the server (fast: open sessions are ended), leaves it down for <paramref name="down"/>, starts it again.</summary>
    public async Task<TimeSpan> RestartAsync(TimeSpan down)
    {
        var outage = Stopwatch.StartNew();
        await StopServerAsync();
        await Task.Delay(down);
        await StartServerAsync();
        return outage.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopServerAsync();
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task StartServerAsync() => Command.AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");

    private Task StopServerAsync() => Command.AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-w", "-t", "60", "-m", "fast", "stop");
}
