using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Data;

/// <summary>
/// Whether an exception means the database is away for a while (restarting, failing over, out of connections, busy)
/// rather than that the work itself is wrong: the first is waited out, the second is reported.
/// </summary>
public static class DatabaseOutage
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>True if the exception or anything it wraps (EF Core and MassTransit wrap the telling one) is an outage.</summary>
    public static bool IsCause(Exception exception) => CausesOf(exception).Any(Is);

    private static bool Is(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        // Npgsql marks network errors, timeouts and server states such as "too many connections" transient.
        DbException database => database.IsTransient,
        TimeoutException or SocketException => true,
        _ => false,
    };

    /// <summary>The exception and every exception it wraps.</summary>
    public static IEnumerable<Exception> CausesOf(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
