using System.Text.Json;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Stock is held with conditional decrements on a SKU's <see cref="StockSlot"/>s, so two buyers can never take the same
/// last piece and no slot goes below zero, on any number of order-service processes. A slot stays locked from the
/// decrement to the commit; with the stock split over up to 16 slots, buyers of one SKU lock different slots and commit
/// side by side instead of one after another.
/// <para>
/// On PostgreSQL an order first takes each SKU from one random slot that has enough and that no one holds
/// (<c>FOR UPDATE SKIP LOCKED</c>, never waiting). A SKU that finds none (held, or the pieces spread over several slots)
/// is taken the careful way: all its slots locked in (SKU, slot) order, the total checked, and the pieces taken slot by
/// slot. An order that needs the careful way for one SKU first undoes its quick takes (rolling back to a savepoint
/// releases their locks), so it only ever waits while holding nothing out of order: no deadlock. SQLite has
/// one writer at a time and takes the careful way directly. Call inside the caller's transaction, as its last statement.
/// </para>
/// <para>
/// Made-to-order lines (<see cref="OrderLine.ReadyBy"/> set when placed) are sewn or packed for the order: they take no
/// stock when placed, none when an approver raises them, and give none back when lowered, cancelled or expired. So the
/// stock of a SKU only ever moves by lines that took it, and never goes below zero.
/// </para>
/// </summary>
public static class StockReservations
{
    private const string Savepoint = "stock_quick_take";

    /// <summary>
    /// Takes every SKU's pieces or none: answers the SKUs that are short (and then changes nothing: what was taken of
    /// the others is given back in the same transaction).
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> TryTakeAllAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> wanted, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Rolled back to even when nothing was taken: a slot that a commit emptied between this statement's snapshot
            // and its lock stays locked though it is skipped, and waiting for the careful way while holding it out of
            // order deadlocks with another buyer's careful way.
            var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Stock is taken inside the order's transaction.");
            await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
            var quick = (await QuickTake(db, wanted).ToListAsync(cancellationToken)).ToHashSet();
            if (quick.Count == wanted.Count)
            {
                return new HashSet<Guid>();
            }

            await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
        }

        var taken = db.Database.IsNpgsql()
            ? await CarefulTakeAsync(db, wanted, cancellationToken)
            : (await CarefulTake(db, wanted).ToListAsync(cancellationToken)).ToHashSet();
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
        var stock = await StockOfAsync(db, wanted.Keys, cancellationToken);
        return wanted.Where(w => !stock.TryGetValue(w.Key, out var left) || left < w.Value).Select(w => w.Key).ToHashSet();
    }

    /// <summary>Each known SKU's stock now, summed over its slots in one query, read without locking.</summary>
    public static async Task<Dictionary<Guid, int>> StockOfAsync(MarketplaceDbContext db, IEnumerable<Guid> skuIds, CancellationToken cancellationToken)
    {
        var ids = skuIds.ToList();
        return await db.ListingSkus.AsNoTracking().IgnoreAutoIncludes().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, Stock = s.StockSlots.Sum(p => p.Pieces) }).ToDictionaryAsync(s => s.Id, s => s.Stock, cancellationToken);
    }

    /// <summary>PostgreSQL: each SKU from one random slot with enough that no one holds; answers the SKUs taken.</summary>
    private static IQueryable<Guid> QuickTake(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces)
    {
        if (pieces.Count == 1)
        {
            var (id, q) = pieces.Single();
            return db.Database.SqlQuery<Guid>($"""
                UPDATE listing_sku_stock_slots SET pieces = pieces - {q}
                WHERE sku_id = {id} AND pieces >= {q}
                  AND slot = (SELECT p.slot FROM listing_sku_stock_slots p WHERE p.sku_id = {id} AND p.pieces >= {q} ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING sku_id AS "Value"
                """);
        }

        var json = JsonSerializer.Serialize(pieces.Select(p => new { id = p.Key, q = p.Value }));
        return db.Database.SqlQuery<Guid>($"""
            WITH picked AS MATERIALIZED (
                SELECT w.id, w.q,
                       (SELECT p.slot FROM listing_sku_stock_slots p WHERE p.sku_id = w.id AND p.pieces >= w.q ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED) AS slot
                FROM jsonb_to_recordset({json}::jsonb) AS w(id uuid, q int))
            UPDATE listing_sku_stock_slots s SET pieces = s.pieces - p.q
            FROM picked p WHERE s.sku_id = p.id AND s.slot = p.slot AND s.pieces >= p.q
            RETURNING s.sku_id AS "Value"
            """);
    }

    /// <summary>
    /// PostgreSQL: every slot of the SKUs locked in (SKU, slot) order and read; a SKU whose slots hold enough in total
    /// gives its pieces slot by slot from the first, in a second statement, which reads the slots as the locks keep them.
    /// </summary>
    private static async Task<HashSet<Guid>> CarefulTakeAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces, CancellationToken cancellationToken)
    {
        var ids = pieces.Keys.ToArray();
        var slots = await db.Database.SqlQuery<SlotRow>(
            $"SELECT sku_id, slot, pieces FROM listing_sku_stock_slots WHERE sku_id = ANY({ids}) ORDER BY sku_id, slot FOR UPDATE")
            .ToListAsync(cancellationToken);
        var takes = new List<object>();
        var taken = new HashSet<Guid>();
        foreach (var sku in slots.GroupBy(s => s.SkuId))
        {
            var wanted = pieces[sku.Key];
            if (sku.Sum(s => (long)s.Pieces) < wanted)
            {
                continue;
            }

            taken.Add(sku.Key);
            foreach (var slot in sku.Where(s => s.Pieces > 0))
            {
                var part = Math.Min(slot.Pieces, wanted);
                takes.Add(new { id = sku.Key, slot = slot.Slot, q = part });
                wanted -= part;
                if (wanted == 0)
                {
                    break;
                }
            }
        }

        if (takes.Count > 0)
        {
            var json = JsonSerializer.Serialize(takes);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE listing_sku_stock_slots s SET pieces = s.pieces - t.q
                FROM jsonb_to_recordset({json}::jsonb) AS t(id uuid, slot int, q int)
                WHERE s.sku_id = t.id AND s.slot = t.slot
                """, cancellationToken);
        }

        return taken;
    }

    /// <summary>
    /// SQLite, one writer at a time: a SKU whose slots hold enough in total gives its pieces slot by slot from the
    /// first, in one statement. Answers a SKU once per slot it took from.
    /// </summary>
    private static IQueryable<Guid> CarefulTake(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces)
    {
        // EF Core stores a GUID in SQLite as upper-case text.
        var sqliteJson = JsonSerializer.Serialize(pieces.Select(p => new { id = p.Key.ToString().ToUpperInvariant(), q = p.Value }));
        return db.Database.SqlQuery<Guid>($"""
            WITH w AS (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})),
            running AS (
                SELECT p.sku_id, p.slot, p.pieces, w.q,
                       SUM(p.pieces) OVER (PARTITION BY p.sku_id) AS total,
                       SUM(p.pieces) OVER (PARTITION BY p.sku_id ORDER BY p.slot ROWS UNBOUNDED PRECEDING) - p.pieces AS before
                FROM listing_sku_stock_slots p JOIN w ON w.id = p.sku_id)
            UPDATE listing_sku_stock_slots SET pieces = listing_sku_stock_slots.pieces - MIN(r.pieces, r.q - r.before)
            FROM running r
            WHERE listing_sku_stock_slots.sku_id = r.sku_id AND listing_sku_stock_slots.slot = r.slot AND r.total >= r.q AND r.before < r.q AND r.pieces > 0
            RETURNING listing_sku_stock_slots.sku_id AS Value
            """);
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

    /// <summary>
    /// Gives back pieces an order no longer needs (e.g. an approver lowered a quantity) in one statement, each SKU's to
    /// its emptiest slot, which keeps the slots even.
    /// </summary>
    public static Task<int> GiveBackAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var json = JsonSerializer.Serialize(pieces.OrderBy(p => p.Key).Select(p => new { id = p.Key, q = p.Value }));
            return db.Database.ExecuteSqlAsync($"""
                UPDATE listing_sku_stock_slots s SET pieces = s.pieces + w.q
                FROM jsonb_to_recordset({json}::jsonb) AS w(id uuid, q int)
                WHERE s.sku_id = w.id AND s.slot = (SELECT p.slot FROM listing_sku_stock_slots p WHERE p.sku_id = w.id ORDER BY p.pieces, p.slot LIMIT 1)
                """, cancellationToken);
        }

        var sqliteJson = JsonSerializer.Serialize(pieces.Select(p => new { id = p.Key.ToString().ToUpperInvariant(), q = p.Value }));
        return db.Database.ExecuteSqlAsync($"""
            UPDATE listing_sku_stock_slots SET pieces = pieces + w.q
            FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})) AS w
            WHERE listing_sku_stock_slots.sku_id = w.id
              AND listing_sku_stock_slots.slot = (SELECT p.slot FROM listing_sku_stock_slots p WHERE p.sku_id = w.id ORDER BY p.pieces, p.slot LIMIT 1)
            """, cancellationToken);
    }

    private sealed record SlotRow(Guid SkuId, int Slot, int Pieces);
}
