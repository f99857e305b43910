using Marketplace.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Marketplace.Core.Data;

/// <summary>Brings the database to the latest migration before anything else in the host starts.</summary>
public sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger) : IHostedService
{
    /// <summary>Any fixed number; every marketplace process uses the same one.</summary>
    private const long PostgreSqlMigrationLock = 0x6D61726B6574;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>(), cancellationToken);
    }

    /// <summary>Applies the pending migrations, safely against other processes and against being killed meanwhile.</summary>
    public async Task MigrateAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await using var guard = await SqliteMigrationGuard.EnterAsync(db, logger, cancellationToken);
            // WAL lets pages read while the order service writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            if (await PendingAsync(db, cancellationToken) is { Count: > 0 } pending)
            {
                if (guard is not null)
                {
                    await guard.BackUpAsync(db, cancellationToken);
                }

                await ApplyAsync(db, pending, cancellationToken);
                guard?.Completed();
            }

            if (await CatalogSearchIndex.RefillSqliteIfStaleAsync(db, cancellationToken) is { } listings)
            {
                LogSearchIndexRefilled(listings);
            }

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

        if (await PendingAsync(db, cancellationToken) is { Count: > 0 } remaining)
        {
            await ApplyAsync(db, remaining, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<List<string>> PendingAsync(MarketplaceDbContext db, CancellationToken cancellationToken) =>
        [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];

    private async Task ApplyAsync(MarketplaceDbContext db, List<string> pending, CancellationToken cancellationToken)
    {
        LogMigrating(pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "The search index was out of step with the listings' rowids (a VACUUM renumbers them); refilled it from {Listings} listings")]
    private partial void LogSearchIndexRefilled(int listings);

    [LoggerMessage(LogLevel.Information, "Applying {Count} migrations: {Migrations}")]
    private partial void LogMigrating(int count, string migrations);
}
