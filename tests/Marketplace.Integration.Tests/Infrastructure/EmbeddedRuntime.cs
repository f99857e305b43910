using Marketplace.Core.Data;
using Marketplace.Integration.Tests.Ordering;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>
/// The embedded default as a user runs it: one <c>Marketplace.Web</c> process on a data folder of its own (SQLite, the
/// in-memory bus, every consumer in the process), which a test may kill and start again on the same folder and port.
/// </summary>
internal sealed class EmbeddedRuntime : IMarketplaceDatabase, IAsyncDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("marketplace-embedded-");
    private readonly int _port = ChildProcess.FreePort();
    private readonly List<ChildProcess> _processes = [];
    private readonly List<HttpClient> _clients = [];

    private EmbeddedRuntime()
    {
    }

    public Uri Address => new($"http://127.0.0.1:{_port}");

    /// <summary>Every process started on the folder, in order; the last one is the one running.</summary>
    public IReadOnlyList<ChildProcess> Processes => _processes;

    /// <summary>Unpooled: a connection kept open by the test would hold on to the file across the program's restarts.</summary>
    private string ConnectionString => new DatabaseOptions { DataDirectory = _data.FullName }.ResolveConnectionString(_data.FullName) + ";Pooling=False";

    /// <summary>A fresh data folder, nothing started on it yet.</summary>
    public static EmbeddedRuntime Create() => new();

    public static async Task<EmbeddedRuntime> StartAsync()
    {
        var runtime = new EmbeddedRuntime();
        try
        {
            await runtime.StartProcessAsync();
            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the program (again) on the folder and port, once the last one has exited; returns when it is ready.</summary>
    public Task StartProcessAsync() => Readiness.WaitAsync(StartProcess(), _port);

    /// <summary>Starts the program on the folder and port without waiting for it.</summary>
    public ChildProcess StartProcess()
    {
        var process = ChildProcess.StartProgram(
            $"embedded {_processes.Count + 1}", Repository.Program("Marketplace.Web"),
            new Dictionary<string, string?>
            {
                ["Database:DataDirectory"] = _data.FullName,
                ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
                ["RateLimits:Authentication:PermitLimit"] = "1000",
            },
            "--urls", Address.ToString());
        _processes.Add(process);
        return process;
    }

    public MarketplaceDbContext Context()
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, DatabaseProvider.Sqlite, ConnectionString);
        return new MarketplaceDbContext(options.Options);
    }

    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A buyer signed in with a bearer token; the token outlives a restart, as the key ring is in the database.</summary>
    public async Task<Buyer> SignInAsync(string email)
    {
        var (buyer, client) = await Buyer.SignInAsync(Address, email);
        _clients.Add(client);
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

        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }
}
