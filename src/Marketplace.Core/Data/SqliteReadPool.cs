using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Marketplace.Core.Data;

/// <summary>
/// Open SQLite connections kept between reads with their prepared commands (<see cref="ReadSession"/>).
/// Microsoft.Data.Sqlite prepares a new command's SQL on every execution and finalizes it when the connection closes;
/// on a storefront page that preparing was about a quarter of the web host's CPU. A kept connection holds no snapshot
/// while idle (a reader's dispose resets its statement), so in WAL mode it blocks neither writers nor checkpoints.
/// </summary>
internal sealed class SqliteReadPool(string connectionString) : IAsyncDisposable
{
    /// <summary>
    /// More than the threads that read at once (SQLite's calls block their thread, so the pool grows past the cores
    /// under load); beyond that, a read closes its connection. Idle, a connection holds its page cache, as the driver's
    /// own pool does.
    /// </summary>
    private static readonly int Kept = Math.Max(8, 4 * Environment.ProcessorCount);

    private readonly ConcurrentQueue<ReadSession> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public async ValueTask<ReadSession> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryDequeue(out var kept))
        {
            Interlocked.Decrement(ref _idleCount);
            if (kept.Connection.State == ConnectionState.Open)
            {
                return kept;
            }

            await kept.CloseAsync();
        }

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        KeepPlans(connection.Handle!);
        return new ReadSession(connection, this);
    }

    /// <summary>SQLITE_DBCONFIG_ENABLE_QPSG in sqlite3.h, which SQLitePCL.raw does not name.</summary>
    internal const int EnableQueryPlannerStabilityGuarantee = 1007;

    /// <summary>
    /// Plans made without looking at bound values, so that a kept statement is never prepared again. Without this,
    /// SQLite marks a statement for preparing again whenever a parameter its planner read is bound anew, and the driver
    /// binds every parameter on every execution: a search's <c>LIKE @search</c> (read for the LIKE optimization, which a
    /// pattern starting with % never gets) was prepared on each run. Our reads give the planner nothing else to read in
    /// a value: page sizes are literals, and the host keeps no statistics that compare values (no ANALYZE).
    /// </summary>
    internal static void KeepPlans(sqlite3 handle)
    {
        var status = raw.sqlite3_db_config(handle, EnableQueryPlannerStabilityGuarantee, 1, out var enabled);
        if (status != raw.SQLITE_OK || enabled != 1)
        {
            throw new InvalidOperationException($"SQLite did not take its query planner stability guarantee (status {status}).");
        }
    }

    /// <summary>Keeps a session that is done for the next read; false when it should be closed instead.</summary>
    public bool TryKeep(ReadSession session)
    {
        if (_disposed || session.Connection.State != ConnectionState.Open)
        {
            return false;
        }

        if (Interlocked.Increment(ref _idleCount) > Kept)
        {
            Interlocked.Decrement(ref _idleCount);
            return false;
        }

        _idle.Enqueue(session);
        if (_disposed)
        {
            // Returned while the host was disposing the pool: close what the dispose may have missed.
            Drain().AsTask().GetAwaiter().GetResult();
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return Drain();
    }

    private async ValueTask Drain()
    {
        while (_idle.TryDequeue(out var kept))
        {
            Interlocked.Decrement(ref _idleCount);
            await kept.CloseAsync();
        }
    }
}
