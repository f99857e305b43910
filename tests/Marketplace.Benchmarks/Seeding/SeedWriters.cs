using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Benchmarks.Seeding;

/// <summary>Writes seed tables into a database the web host has already migrated.</summary>
internal static class SeedWriters
{
    public static async Task<IReadOnlyList<string>> PostgresCountiesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return [.. await connection.QueryAsync<string>("SELECT code FROM counties ORDER BY code")];
    }

    /// <summary>Binary COPY, then ANALYZE so that the planner knows the new sizes (as autovacuum would, later).</summary>
    public static async Task PostgresAsync(string connectionString, IEnumerable<SeedTable> tables)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {table.Name} ({string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in table.Rows)
            {
                await importer.StartRowAsync();
                foreach (var value in row)
                {
                    await WriteAsync(importer, value);
                }
            }

            await importer.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public static async Task<IReadOnlyList<string>> SqliteCountiesAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        return [.. (await connection.QueryAsync<string>("SELECT code FROM counties ORDER BY code")).Select(c => c.Trim())];
    }

    /// <summary>One transaction of prepared INSERTs, with values stored the way EF Core stores them on SQLite.</summary>
    public static async Task SqliteAsync(string connectionString, IEnumerable<SeedTable> tables)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        foreach (var table in tables)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns)}) " +
                $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
            var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = SqliteValue(row[i]);
                }

                await insert.ExecuteNonQueryAsync();
            }
        }

        // No ANALYZE: the web host never runs it, and with sqlite_stat1 present SQLite takes the price-range index
        // for the catalog page and sorts every match (seconds per page at 100,000 listings; see the README).
        await transaction.CommitAsync();
    }

    public static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid guid => guid.ToString().ToUpperInvariant(),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? 1 : 0,
        _ => value,
    };

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value) => value switch
    {
        null => importer.WriteNullAsync(),
        Guid guid => importer.WriteAsync(guid, NpgsqlDbType.Uuid),
        string text => importer.WriteAsync(text, NpgsqlDbType.Text),
        int number => importer.WriteAsync(number, NpgsqlDbType.Integer),
        long number => importer.WriteAsync(number, NpgsqlDbType.Bigint),
        bool flag => importer.WriteAsync(flag, NpgsqlDbType.Boolean),
        DateTime time => importer.WriteAsync(DateTime.SpecifyKind(time, DateTimeKind.Utc), NpgsqlDbType.TimestampTz),
        DateOnly date => importer.WriteAsync(date, NpgsqlDbType.Date),
        _ => throw new NotSupportedException($"No COPY mapping for {value.GetType()}."),
    };
}
