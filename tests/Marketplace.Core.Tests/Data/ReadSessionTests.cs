using System.Data;
using Dapper;
using Marketplace.Core.Data;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Tests.Data;

/// <summary>SQLite reads keep their connection open and each SQL text's prepared command, without holding the database.</summary>
public sealed class ReadSessionTests
{
    private const string ByNumber = "SELECT name FROM things WHERE n >= @from ORDER BY n";

    [Test]
    public async Task The_same_text_reuses_its_command_on_the_kept_connection_with_the_new_values()
    {
        using var folder = new TempFolder();
        await using var connections = await ThingsAsync(folder, 10);

        DbCommandPair first;
        await using (var session = await connections.RentAsync())
        {
            var command = session.Command(ByNumber, With("from", 8));
            first = new(command, await NamesAsync(command));
        }

        await using (var session = await connections.RentAsync())
        {
            var command = session.Command(ByNumber, With("from", 9));
            var names = await NamesAsync(command);
            Assert.Multiple(() =>
            {
                Assert.That(command, Is.SameAs(first.Command), "kept with its prepared statement");
                Assert.That(first.Names, Is.EqualTo(new[] { "thing 8", "thing 9" }));
                Assert.That(names, Is.EqualTo(new[] { "thing 9" }));
            });
        }
    }

    [Test]
    public async Task Guids_and_times_are_bound_as_the_database_stores_them()
    {
        using var folder = new TempFolder();
        await using var connections = await ThingsAsync(folder, 1);
        var id = Guid.NewGuid();
        var at = new DateTime(2026, 12, 1, 8, 30, 15, 250, DateTimeKind.Utc);
        var parameters = With("id", id);
        parameters.Add("at", at);

        await using var session = await connections.RentAsync();
        await using var reader = await session.Command("SELECT @id, @at", parameters).ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.That((reader.GetString(0), reader.GetString(1)), Is.EqualTo((id.ToString().ToUpperInvariant(), "2026-12-01 08:30:15.25")));
    }

    [Test]
    public async Task A_kept_connection_that_stopped_reading_early_holds_back_neither_writers_nor_checkpoints()
    {
        using var folder = new TempFolder();
        await using var connections = await ThingsAsync(folder, 100);
        await using (var session = await connections.RentAsync())
        {
            await using var reader = await session.Command(ByNumber, With("from", 0)).ExecuteReaderAsync();
            await reader.ReadAsync();
        }

        await using var writer = new SqliteConnection(folder.ConnectionString());
        await writer.OpenAsync();
        await writer.ExecuteAsync("INSERT INTO things VALUES (1000, 'written after the read')");
        var (busy, _, _) = await writer.QuerySingleAsync<(long, long, long)>("PRAGMA wal_checkpoint(TRUNCATE)");

        Assert.That(busy, Is.Zero, "the checkpoint was blocked by a reader");
    }

    [Test]
    public async Task Disposing_the_connections_closes_the_kept_ones()
    {
        using var folder = new TempFolder();
        var connections = await ThingsAsync(folder, 1);
        IDbConnection kept;
        await using (var session = await connections.RentAsync())
        {
            kept = session.Connection;
        }

        Assert.That(kept.State, Is.EqualTo(ConnectionState.Open));
        await connections.DisposeAsync();
        Assert.That(kept.State, Is.EqualTo(ConnectionState.Closed));
    }

    private static async Task<ReadConnections> ThingsAsync(TempFolder folder, int count)
    {
        await using var connection = new SqliteConnection(folder.ConnectionString());
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL; CREATE TABLE things (n INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        await connection.ExecuteAsync("INSERT INTO things VALUES (@n, @name)", Enumerable.Range(0, count).Select(n => new { n, name = $"thing {n}" }));
        return new ReadConnections(DatabaseProvider.Sqlite, folder.ConnectionString());
    }

    private static DynamicParameters With(string name, object value)
    {
        var parameters = new DynamicParameters();
        parameters.Add(name, value);
        return parameters;
    }

    private static async Task<List<string>> NamesAsync(System.Data.Common.DbCommand command)
    {
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private sealed record DbCommandPair(System.Data.Common.DbCommand Command, List<string> Names);
}

file static class TempFolderDatabase
{
    public static string ConnectionString(this TempFolder folder) => $"Data Source={Path.Combine(folder.Path, "reads.db")}";
}
