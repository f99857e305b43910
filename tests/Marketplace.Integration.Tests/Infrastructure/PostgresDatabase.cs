using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>A database of its own for one test, dropped afterwards.</summary>
internal sealed class PostgresDatabase : IMarketplaceDatabase, IAsyncDisposable
{
    private readonly string _name;
    private readonly string _admin;

    private PostgresDatabase(string name, string connectionString, string admin)
    {
        _name = name;
        _admin = admin;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>A new database on the suite's server, or on <paramref name="server"/> (an admin connection string) when given.</summary>
    public static async Task<PostgresDatabase> CreateAsync(string? server = null)
    {
        server ??= TestServices.PostgresAdmin;
        var name = $"mp_it_{Guid.NewGuid():N}"[..20];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresDatabase(name, builder.ConnectionString, server);
    }

    public MarketplaceDbContext Context()
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, DatabaseProvider.PostgreSql, ConnectionString);
        return new MarketplaceDbContext(options.Options);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 40)
            {
                // An autovacuum worker may be visiting the fresh database; FORCE may not end it. It leaves soon.
                await Task.Delay(250);
            }
        }
    }
}
