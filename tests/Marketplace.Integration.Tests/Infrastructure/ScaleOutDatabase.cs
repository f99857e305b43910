using Dapper;
using Marketplace.Core.Messaging;
using Marketplace.TestWorker;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>Reads and writes the test's PostgreSQL database the way the product does.</summary>
internal static class ScaleOutDatabase
{
    public static async Task MigrateWithTestTablesAsync(this PostgresDatabase database)
    {
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync(TestTables.Create);
    }

    public static async Task<List<Guid>> WriteToOutboxAsync(this PostgresDatabase database, IEnumerable<object> messages)
    {
        await using var db = database.Context();
        var ids = messages.Select(m => db.AddToOutbox(m, TimeProvider.System).Id).ToList();
        await db.SaveChangesAsync();
        return ids;
    }

    public static async Task<long> CountAsync(this PostgresDatabase database, string sql, object? args = null)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }
}
