using System.Text.Json;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Stock is held with conditional decrements, so two buyers can never take the same last piece and the stock never
/// goes below zero, on any number of order-service processes. An order's SKUs are taken set-based in one statement
/// (<c>UPDATE … SET stock = stock - q WHERE stock >= q</c>, rows locked in id order inside it), a single round trip for 1
/// or 10,000 lines; an order of one SKU by the plain single-row decrement, which needs no lock order. A SKU's row stays
/// locked from that statement to the commit, so callers take stock as the last statement before committing: with every
/// buyer on one SKU, the time that row is held is what limits the rate.
/// Call inside the caller's transaction.
/// <para>
/// Made-to-order lines (<see cref="OrderLine.ReadyBy"/> set when placed) are sewn or packed for the order: they take no
/// stock when placed, none when an approver raises them, and give none back when lowered, cancelled or expired. So the
/// stock of a SKU only ever moves by lines that took it, and never goes below zero.
/// </para>
/// </summary>
public static class StockReservations
{
    /// <summary>
    /// Takes every SKU's pieces or none: answers the SKUs that are short (and then changes nothing: what the statement
    /// took of the others is given back in the same transaction).
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> TryTakeAllAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> wanted, CancellationToken cancellationToken)
    {
        var taken = (await Take(db, wanted).ToListAsync(cancellationToken)).ToHashSet();
        var shortOf = wanted.Keys.Where(id => !taken.Contains(id)).ToHashSet();
        if (shortOf.Count > 0 && taken.Count > 0)
        {
            await GiveBackAsync(db, wanted.Where(w => taken.Contains(w.Key)).ToDictionary(), cancellationToken);
        }

        return shortOf;
    }

    /// <summary>The SKUs that have fewer pieces than wanted now, read without locking (the decision is <see cref="TryTakeAllAsync"/>'s).</summary>
    public static async Task<IReadOnlySet<Guid>> ShortOfAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> wanted, CancellationToken cancellationToken)
    {
        var ids = wanted.Keys.ToList();
        var stock = await db.ListingSkus.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Stock }).ToDictionaryAsync(s => s.Id, s => s.Stock, cancellationToken);
        return wanted.Where(w => !stock.TryGetValue(w.Key, out var left) || left < w.Value).Select(w => w.Key).ToHashSet();
    }

    /// <summary>Decrements each SKU that has enough left, in one statement; answers the SKUs taken.</summary>
    private static IQueryable<Guid> Take(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces)
    {
        if (db.Database.IsNpgsql() && pieces.Count == 1)
        {
            // One row needs no lock order, and the plain conditional decrement is the cheapest way to take it: a buyer
            // that waited for another's commit rechecks the stock on the row that commit left (READ COMMITTED).
            var (id, q) = pieces.Single();
            return db.Database.SqlQuery<Guid>($"""UPDATE listing_skus SET stock = stock - {q} WHERE id = {id} AND stock >= {q} RETURNING id AS "Value" """);
        }

        if (db.Database.IsNpgsql())
        {
            // Locked in id order inside the statement, so two multi-SKU orders never wait on each other in a cycle.
            var json = JsonSerializer.Serialize(pieces.Select(p => new { id = p.Key, q = p.Value }));
            var ids = pieces.Keys.ToArray();
            return db.Database.SqlQuery<Guid>($"""
                UPDATE listing_skus s SET stock = s.stock - w.q
                FROM jsonb_to_recordset({json}::jsonb) AS w(id uuid, q int)
                WHERE s.id = w.id AND s.stock >= w.q
                  AND s.id IN (SELECT l.id FROM listing_skus l WHERE l.id = ANY({ids}) ORDER BY l.id FOR UPDATE)
                RETURNING s.id AS "Value"
                """);
        }

        // SQLite has one writer at a time: no lock order to keep. EF Core stores a GUID in SQLite as upper-case text.
        var sqliteJson = JsonSerializer.Serialize(pieces.Select(p => new { id = p.Key.ToString().ToUpperInvariant(), q = p.Value }));
        return db.Database.SqlQuery<Guid>(
            $"UPDATE listing_skus SET stock = stock - w.q FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})) AS w WHERE listing_skus.id = w.id AND listing_skus.stock >= w.q RETURNING listing_skus.id AS Value");
    }

    /// <summary>Gives back what a cancelled or expired order held (shipped pieces are gone and stay gone).</summary>
    public static async Task ReleaseAsync(MarketplaceDbContext db, Order order, CancellationToken cancellationToken)
    {
        var back = order.Lines.Where(l => !l.IsMadeToOrder && l.Quantity > l.ShippedQuantity).GroupBy(l => l.SkuId)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity - l.ShippedQuantity));
        if (back.Count > 0)
        {
            await GiveBackAsync(db, back, cancellationToken);
        }
    }

    /// <summary>Gives back pieces an order no longer needs (e.g. an approver lowered a quantity), each SKU's in one statement.</summary>
    public static Task<int> GiveBackAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var json = JsonSerializer.Serialize(pieces.OrderBy(p => p.Key).Select(p => new { id = p.Key, q = p.Value }));
            return db.Database.ExecuteSqlAsync($"UPDATE listing_skus s SET stock = s.stock + w.q FROM jsonb_to_recordset({json}::jsonb) AS w(id uuid, q int) WHERE s.id = w.id", cancellationToken);
        }

        var sqliteJson = JsonSerializer.Serialize(pieces.Select(p => new { id = p.Key.ToString().ToUpperInvariant(), q = p.Value }));
        return db.Database.ExecuteSqlAsync(
            $"UPDATE listing_skus SET stock = stock + w.q FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})) AS w WHERE listing_skus.id = w.id",
            cancellationToken);
    }
}
