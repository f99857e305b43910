using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Catalog;

/// <summary>
/// SQLite's gram index (the migration <c>CatalogSearchGrams</c>) is keyed by each listing's rowid, which SQLite's
/// documentation allows a VACUUM to renumber in a table without an INTEGER PRIMARY KEY. Refilling it from the listings
/// puts it right whatever happened to it. PostgreSQL's index is an expression index that PostgreSQL keeps itself.
/// </summary>
public static class CatalogSearchIndex
{
    /// <summary>Empties the index and writes every listing's grams again, in one transaction; answers how many listings it holds.</summary>
    public static async Task<int> RefillSqliteAsync(MarketplaceDbContext db, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO listing_search(listing_search) VALUES ('delete-all');", cancellationToken);
        var listings = await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO listing_search(rowid, grams) SELECT listing_rowid, grams FROM listing_search_source;", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return listings;
    }
}
