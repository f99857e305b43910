using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marketplace.Core.Data;

/// <summary>
/// Opens connections for Dapper reads on the configured provider, with the same connection string as the DbContext.
/// PostgreSQL connections come from one data source (its pool) for the life of the host. <see cref="RentAsync"/> is for
/// the most frequent reads: on SQLite its connections stay open with their prepared statements (<see cref="SqliteReadPool"/>).
/// </summary>
public sealed class ReadConnections : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly SqliteReadPool? _sqlite;

    static ReadConnections() => DapperTypeHandlers.Register();

    public ReadConnections(IOptions<DatabaseOptions> options)
        : this(options.Value.Provider, options.Value.ConnectionString
            ?? throw new InvalidOperationException("Database:ConnectionString was not resolved."))
    {
    }

    public ReadConnections(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        _connectionString = connectionString;
        _dataSource = provider switch
        {
            DatabaseProvider.PostgreSql => NpgsqlDataSource.Create(connectionString),
            DatabaseProvider.Sqlite => null,
            _ => throw new InvalidOperationException($"Unknown Database:Provider '{provider}'."),
        };
        _sqlite = provider == DatabaseProvider.Sqlite ? new SqliteReadPool(connectionString) : null;
    }

    public DatabaseProvider Provider { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>A connection whose commands, by SQL text, are prepared once and kept (on SQLite; on PostgreSQL a pooled connection).</summary>
    public async ValueTask<ReadSession> RentAsync(CancellationToken cancellationToken = default) =>
        _sqlite is not null ? await _sqlite.RentAsync(cancellationToken) : new ReadSession(await OpenAsync(cancellationToken), pool: null);

    public async ValueTask DisposeAsync()
    {
        if (_sqlite is not null)
        {
            await _sqlite.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
