using System.Data.Common;
using Dapper;

namespace Marketplace.Core.Data;

/// <summary>
/// One read's connection, from <see cref="ReadConnections.RentAsync"/>, and its commands by SQL text. On SQLite the
/// connection goes back to <see cref="SqliteReadPool"/> open, with its commands, so a statement is prepared once per
/// connection rather than on every execution. On PostgreSQL it is a connection of the data source's pool and a new
/// command per call.
/// </summary>
public sealed class ReadSession : IAsyncDisposable
{
    /// <summary>Texts kept per connection: the list's shapes in use are a few dozen; past this, a command lives for one read.</summary>
    private const int CommandsKept = 64;

    private readonly SqliteReadPool? _pool;
    private readonly Dictionary<string, DbCommand>? _commands;
    private DbCommand? _forThisReadOnly;

    internal ReadSession(DbConnection connection, SqliteReadPool? pool)
    {
        Connection = connection;
        _pool = pool;
        _commands = pool is null ? null : new Dictionary<string, DbCommand>(StringComparer.Ordinal);
    }

    /// <summary>The open connection, for Dapper's own commands (those are prepared on each execution).</summary>
    public DbConnection Connection { get; }

    /// <summary>The command for this text, its parameters replaced by these (stored as <see cref="DapperTypeHandlers"/> stores them).</summary>
    public DbCommand Command(string sql, DynamicParameters parameters)
    {
        if (_commands is null || !_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            if (_commands is not null && _commands.Count < CommandsKept)
            {
                _commands[sql] = command;
            }
            else
            {
                _forThisReadOnly?.Dispose();
                _forThisReadOnly = command;
            }
        }

        command.Parameters.Clear();
        foreach (var name in parameters.ParameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DapperTypeHandlers.Stored(parameter, parameters.Get<object?>(name)) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>The rows of this text's command, mapped by Dapper (by column name, with <see cref="DapperTypeHandlers"/>).</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using var reader = await Command(sql, parameters).ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        if (!reader.HasRows)
        {
            return rows;
        }

        var parse = reader.GetRowParser<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(parse(reader));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_forThisReadOnly is not null)
        {
            await _forThisReadOnly.DisposeAsync();
            _forThisReadOnly = null;
        }

        if (_pool is null || !_pool.TryKeep(this))
        {
            await CloseAsync();
        }
    }

    internal async ValueTask CloseAsync()
    {
        if (_commands is not null)
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }

            _commands.Clear();
        }

        await Connection.DisposeAsync();
    }
}
