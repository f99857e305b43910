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
    /// <summary>
    /// Refills the index if it is not keyed by exactly the listings' rowids, and answers how many listings it then holds;
    /// null if it was in step. A VACUUM renumbers rows in their order, so it leaves the set of rowids as it was only when
    /// there were no gaps, and then each rowid still names its listing: comparing the sets finds every renumbering.
    /// </summary>
    public static async Task<int?> RefillSqliteIfStaleAsync(MarketplaceDbContext db, CancellationToken cancellationToken = default)
    {
        var stale = await db.Database.SqlQueryRaw<bool>("""
            SELECT (SELECT count(*) FROM listings) <> (SELECT count(*) FROM listing_search)
                OR EXISTS (SELECT 1 FROM listings l WHERE NOT EXISTS (SELECT 1 FROM listing_search s WHERE s.rowid = l.rowid)) AS "Value"
            """).SingleAsync(cancellationToken);
        return stale ? await RefillSqliteAsync(db, cancellationToken) : null;
    }

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
