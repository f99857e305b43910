using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Core.Data;

/// <summary>
/// Makes migrating the embedded database survive a kill at any moment. EF Core's SQLite migration lock is a row that a
/// killed process leaves behind, and every later start then waits on it forever; and a migration that rebuilds a table
/// commits in parts around its <c>PRAGMA foreign_keys</c>, so a kill between them leaves it half applied and unable
/// to run again. Here an OS file lock, which dies with its process, admits one migrator at a time on the machine; the
/// file is copied page by page (SQLite's backup API) before migrating, and restored on the next start if the
/// migration did not finish.
/// </summary>
internal sealed partial class SqliteMigrationGuard : IAsyncDisposable
{
    private readonly FileStream _lock;
    private readonly string _database;
    private readonly ILogger _logger;

    private SqliteMigrationGuard(FileStream fileLock, string database, ILogger logger)
    {
        _lock = fileLock;
        _database = database;
        _logger = logger;
    }

    private string Backup => _database + ".before-migration";

    /// <summary>Waits for the machine's other migrators of this file, then puts back what an interrupted migration left.</summary>
    public static async Task<SqliteMigrationGuard?> EnterAsync(MarketplaceDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:")
        {
            return null;
        }

        var database = Path.GetFullPath(source);
        var guard = new SqliteMigrationGuard(await LockAsync(database + ".migration-lock", cancellationToken), database, logger);
        await guard.RestoreInterruptedAsync(db, cancellationToken);
        return guard;
    }

    /// <summary>Copies the database aside before the pending migrations run.</summary>
    public async Task BackUpAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        var partial = Backup + ".partial";
        File.Delete(partial);
        await using (var destination = new SqliteConnection($"Data Source={partial};Pooling=False"))
        {
            await destination.OpenAsync(cancellationToken);
            await CopyAsync(destination, db, toDatabase: false, cancellationToken);
        }

        // Renamed only once whole: a backup that exists is complete.
        File.Move(partial, Backup, overwrite: true);
    }

    /// <summary>The migrations finished: the copy is no longer needed.</summary>
    public void Completed() => File.Delete(Backup);

    public ValueTask DisposeAsync() => _lock.DisposeAsync();

    private static async Task CopyAsync(SqliteConnection other, MarketplaceDbContext db, bool toDatabase, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var database = (SqliteConnection)db.Database.GetDbConnection();
            (toDatabase ? other : database).BackupDatabase(toDatabase ? database : other);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix, released by the kernel when the process dies.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    private async Task RestoreInterruptedAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        if (File.Exists(Backup))
        {
            LogRestoring(Backup);
            // Through SQLite's backup API, page by page into the live file: its WAL and locks stay consistent.
            await using (var source = new SqliteConnection($"Data Source={Backup};Mode=ReadOnly;Pooling=False"))
            {
                await source.OpenAsync(cancellationToken);
                await CopyAsync(source, db, toDatabase: true, cancellationToken);
            }

            File.Delete(Backup);
        }

        // Holding the file lock, no migrator of this file is alive: any EF Core lock row is a dead process's.
        var lockTable = await db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").SingleAsync(cancellationToken);
        if (lockTable > 0 && await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", cancellationToken) > 0)
        {
            LogStaleLock();
        }
    }

    [LoggerMessage(LogLevel.Warning, "The last migration of the database did not finish; restoring the copy taken before it ({Backup})")]
    private partial void LogRestoring(string backup);

    [LoggerMessage(LogLevel.Warning, "Removed EF Core's migration lock left by a process that died while migrating")]
    private partial void LogStaleLock();
}
