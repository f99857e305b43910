using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Marketplace.Core.Data;

/// <summary>
/// Writes many new rows of one entity type without the change tracker: binary COPY on PostgreSQL, one prepared INSERT
/// reused per row on SQLite (in process, so a statement per row costs microseconds). Columns, names and value conversions
/// come from the EF model, so the rows read back exactly as if EF had inserted them. Runs on the context's connection
/// and inside its current transaction, which the caller must have begun; the rows are not tracked afterwards.
/// </summary>
public static class BulkInsert
{
    public static async Task AddAllAsync<T>(MarketplaceDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.IsNpgsql() && db.Database.GetDbConnection().State != ConnectionState.Open)
        {
            // The server went away under the request (a restart): Npgsql has closed the connection, and COPY would throw
            // InvalidOperationException. Say what it is, a transient connection failure, so the caller answers 503.
            throw new NpgsqlException("The connection to PostgreSQL was lost before the bulk write.", new IOException("The connection is not open."));
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A bulk insert belongs inside the transaction of the rows it goes with.");
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type.");
        if (entity.GetComplexProperties().Any())
        {
            throw new NotSupportedException($"{typeof(T).Name} has complex properties; bulk insert writes plain columns only.");
        }

        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping())).ToList();
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        if (db.Database.IsNpgsql())
        {
            await CopyAsync(db, $"COPY {Quote(table.Name)} ({names}) FROM STDIN (FORMAT BINARY)", columns, rows, cancellationToken);
        }
        else
        {
            await InsertEachAsync(db, $"INSERT INTO {Quote(table.Name)} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})", columns, rows, cancellationToken);
        }
    }

    private static async Task CopyAsync<T>(MarketplaceDbContext db, string copy, List<Column> columns, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                if (column.ValueOf(row!) is { } value)
                {
                    await writer.WriteAsync(value, column.Mapping.StoreTypeNameBase, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task InsertEachAsync<T>(MarketplaceDbContext db, string insert, List<Column> columns, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = insert;
        var parameters = new DbParameter[columns.Count];
        var first = rows.First()!;
        for (var i = 0; i < columns.Count; i++)
        {
            // The mapping makes the parameter as EF would (e.g. a GUID as upper-case text on SQLite); it converts the model value itself.
            parameters[i] = columns[i].Mapping.CreateParameter(command, $"@p{i}", columns[i].ModelValueOf(first), columns[i].Property.IsNullable);
            command.Parameters.Add(parameters[i]);
        }

        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].ValueOf(row!) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Quote(string name) => $"\"{name}\"";

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping)
    {
        private readonly IClrPropertyGetter _getter = Property.GetGetter();
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? _converter = Property.GetTypeMapping().Converter;

        public object? ModelValueOf(object entity) => _getter.GetClrValue(entity);

        /// <summary>The value as the database stores it (enums as their names, and so on).</summary>
        public object? ValueOf(object entity) => ModelValueOf(entity) is { } value ? _converter is null ? value : _converter.ConvertToProvider(value) : null;
    }
}
