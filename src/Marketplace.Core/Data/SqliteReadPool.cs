using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;

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
        return new ReadSession(connection, this);
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
