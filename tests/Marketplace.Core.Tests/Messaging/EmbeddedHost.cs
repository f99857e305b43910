using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.TestWorker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Tests.Messaging;

/// <summary>The embedded default (SQLite file + in-memory bus) with the test consumer, in this process.</summary>
internal sealed class EmbeddedHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<EmbeddedHost> StartAsync(string dataDirectory, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = dataDirectory,
            ["Messaging:Outbox:PollInterval"] = "00:00:00.100",
            ["Messaging:Retry:Limit"] = "1",
            ["Messaging:Retry:MinInterval"] = "00:00:00.010",
            ["Messaging:Retry:OutageInterval"] = "00:00:00.050",
            ["TestWorker:Name"] = "embedded",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = TestWorkerHost.CreateBuilder([], settings).Build();
        await host.StartAsync();
        var embedded = new EmbeddedHost(host);
        await embedded.ExecuteAsync(TestTables.Create);
        return embedded;
    }

    public async Task<T> WithDbAsync<T>(Func<MarketplaceDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
    }

    public Task<Guid> WriteToOutboxAsync(object message) => WithDbAsync(async db =>
    {
        var row = db.AddToOutbox(message, TimeProvider.System);
        await db.SaveChangesAsync();
        return row.Id;
    });

    public Task<long> CountAsync(string sql, object? args = null) =>
        WithDbAsync(db => db.Database.GetDbConnection().ExecuteScalarAsync<long>(sql, args));

    public Task<int> ExecuteAsync(string sql) => WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
