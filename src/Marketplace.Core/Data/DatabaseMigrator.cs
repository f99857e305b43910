using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Marketplace.Core.Data;

/// <summary>Brings the database to the latest migration before anything else in the host starts.</summary>
internal sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger) : IHostedService
{
    /// <summary>Any fixed number; every marketplace process uses the same one.</summary>
    private const long PostgreSqlMigrationLock = 0x6D61726B6574;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets pages read while the order service writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await MigrateAsync(db, cancellationToken);
            return;
        }

        // EF Core's own PostgreSQL migration lock is released after each migration's transaction, so hosts
        // starting together can still race between two migrations. A session lock covers the whole run.
        var lockConnectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        await using var lockConnection = new NpgsqlConnection(lockConnectionString.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlMigrationLock})", lockConnection))
        {
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }

        await MigrateAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Information, "Applying {Count} migrations: {Migrations}")]
    private partial void LogMigrating(int count, string migrations);
}
