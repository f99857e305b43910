using System.Text.Json;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Catalog;

/// <summary>
/// A listing's sold count (the storefront's 销量 and its best-selling order) grows when an order of it is paid. Every
/// listing of an order is counted in one statement: a unit order of 10,000 lines is one round trip, not 10,000 while the
/// payment's transaction stays open.
/// </summary>
public static class SoldCounts
{
    public static Task<int> AddAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, long> piecesPerListing, CancellationToken cancellationToken)
    {
        if (piecesPerListing.Count == 0)
        {
            return Task.FromResult(0);
        }

        if (db.Database.IsNpgsql())
        {
            var json = JsonSerializer.Serialize(piecesPerListing.OrderBy(p => p.Key).Select(p => new { id = p.Key, q = p.Value }));
            return db.Database.ExecuteSqlAsync(
                $"UPDATE listings l SET sold_quantity = l.sold_quantity + w.q FROM jsonb_to_recordset({json}::jsonb) AS w(id uuid, q bigint) WHERE l.id = w.id",
                cancellationToken);
        }

        // EF Core stores a GUID in SQLite as upper-case text.
        var sqliteJson = JsonSerializer.Serialize(piecesPerListing.Select(p => new { id = p.Key.ToString().ToUpperInvariant(), q = p.Value }));
        return db.Database.ExecuteSqlAsync(
            $"UPDATE listings SET sold_quantity = sold_quantity + w.q FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})) AS w WHERE listings.id = w.id",
            cancellationToken);
    }
}
