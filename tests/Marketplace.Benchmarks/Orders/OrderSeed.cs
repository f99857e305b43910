using Marketplace.Benchmarks.Seeding;
using Dapper;
using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Benchmarks.Orders;

/// <summary>Buyers who can sign in, and SKUs of the seeded catalog with stock that the run cannot exhaust.</summary>
internal static class OrderSeed
{
    public const string Password = "benchmark-buyer-2026";

    /// <summary>Members of the public with confirmed emails; one password hash for all (hashing is slow on purpose).</summary>
    public static async Task<List<string>> BuyersAsync(string connectionString, int count)
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, DatabaseProvider.PostgreSql, connectionString);
        await using var db = new MarketplaceDbContext(options.Options);
        var hash = new PasswordHasher<MarketplaceUser>().HashPassword(new MarketplaceUser(), Password);
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"buyer{i}-{Guid.NewGuid():N}@bench.example";
            db.Users.Add(new MarketplaceUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                PasswordHash = hash,
                DisplayName = $"基准买家{i}",
                CreatedAt = DateTime.UtcNow,
            });
            emails.Add(email);
        }

        await db.SaveChangesAsync();
        return emails;
    }

    /// <summary><paramref name="count"/> active SKUs of published listings, stocked far beyond any run.</summary>
    public static async Task<Guid[]> StockedSkusAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var skus = (await connection.QueryAsync<Guid>(
            "SELECT s.id FROM listing_skus s JOIN listings l ON l.id = s.listing_id WHERE l.status = 'Published' AND s.is_active ORDER BY s.id LIMIT @count",
            new { count })).ToArray();
        await StockTopUp.PostgresAsync(connection, skus, 1_000_000_000);
        return skus.Length == count ? skus : throw new InvalidOperationException($"B3 needs {count} SKUs; the seed made {skus.Length}.");
    }
}
