using System.Text.Json;
using Marketplace.Core.Data;
using Marketplace.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Stock is held with conditional decrements, so two buyers can never take the same last piece and the stock never
/// goes below zero, on any number of order-service processes. An order's SKUs are taken set-based (a single round trip
/// for 1 or 10,000 lines). A row stays locked from its decrement to the commit, so callers take stock as the last
/// statement before committing. On PostgreSQL a SKU with plenty is spread over stock slots (<see cref="StockSlots"/>): each
/// order takes from one row picked at random, so buyers of one SKU mostly lock different rows and share group commits;
/// when that row is short the order takes across all the SKU's rows, locked in a fixed order so nothing deadlocks.
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
    /// Takes every SKU's pieces or none: answers the SKUs that are short (and then changes nothing).
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> TryTakeAllAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> wanted, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return await TryTakeAllOneWriterAsync(db, wanted, cancellationToken);
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Stock is taken inside the caller's transaction.");
        }

        var json = new NpgsqlParameter("wanted", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(wanted.Select(p => new { id = p.Key, q = p.Value })) };
        var ids = new NpgsqlParameter("ids", wanted.Keys.Order().ToArray());
        var row = new NpgsqlParameter("row", Random.Shared.Next(StockSlots.ExtraSlots + 1));
        var taken = await db.Database.SqlQueryRaw<Guid>(FromOneRow, json, ids, row, SpreadFrom()).ToListAsync(cancellationToken);
        if (taken.Count == wanted.Count)
        {
            return new HashSet<Guid>();
        }

        // The chosen row was short, or held while its SKU is not spread yet: undo that statement, whose row locks go
        // with it, then lock every row of the order's SKUs in one fixed order (main rows by id, then slots) and take
        // across them.
        await db.Database.ExecuteSqlRawAsync(LockMainRows, [ids.Clone()], cancellationToken);
        var shortOf = await db.Database.SqlQueryRaw<Guid>(AcrossRows, json.Clone(), ids.Clone(), SpreadFrom(), new NpgsqlParameter("extra", StockSlots.ExtraSlots))
            .ToListAsync(cancellationToken);
        return shortOf.ToHashSet();
    }

    /// <summary>
    /// One row per SKU, chosen by <c>@row</c> for the whole order: the main row (0) or that stock slot of a spread SKU.
    /// A SKU not spread takes from its main row; if it has enough to be spread and another buyer holds that row, it is
    /// skipped (SKIP LOCKED) and left to <see cref="AcrossRows"/>, which spreads it: only SKUs buyers collide on get slots.
    /// Rows are locked in the order every stock statement keeps — main rows by id, then slots by SKU — and what never
    /// waits (SKIP LOCKED) cannot close a cycle; the savepoint lets a short order give back every lock this statement took
    /// before it waits for all rows.
    /// </summary>
    private const string FromOneRow = $"""
        SAVEPOINT stock_take;
        WITH w AS (SELECT id, q FROM jsonb_to_recordset(@wanted) AS w(id uuid, q int)),
        spread AS (SELECT DISTINCT x.sku_id FROM {StockSlots.Table} x WHERE x.sku_id = ANY(@ids)),
        mains AS (
            UPDATE listing_skus s SET stock = s.stock - w.q FROM w
            WHERE s.id = w.id AND s.stock >= w.q
              AND (s.id IN (SELECT l.id FROM listing_skus l JOIN w ON w.id = l.id
                            WHERE CASE WHEN l.id IN (SELECT sku_id FROM spread) THEN @row = 0 ELSE l.stock - w.q < @spreadFrom END
                            ORDER BY l.id FOR UPDATE OF l)
                OR s.id IN (SELECT l.id FROM listing_skus l JOIN w ON w.id = l.id
                            WHERE l.id NOT IN (SELECT sku_id FROM spread) AND l.stock - w.q >= @spreadFrom
                            ORDER BY l.id FOR UPDATE OF l SKIP LOCKED))
            RETURNING s.id),
        slots AS (
            UPDATE {StockSlots.Table} x SET stock = x.stock - w.q FROM w
            WHERE x.sku_id = w.id AND x.slot = @row AND x.stock >= w.q
              AND x.sku_id IN (SELECT y.sku_id FROM {StockSlots.Table} y WHERE y.sku_id = ANY(@ids) AND y.slot = @row
                               AND (SELECT COUNT(*) FROM mains) >= 0 ORDER BY y.sku_id FOR UPDATE)
            RETURNING x.sku_id)
        SELECT id AS "Value" FROM mains UNION ALL SELECT sku_id FROM slots
        """;

    private const string LockMainRows = "ROLLBACK TO SAVEPOINT stock_take; SELECT id FROM listing_skus WHERE id = ANY(@ids) ORDER BY id FOR UPDATE";

    /// <summary>
    /// With every main row locked (a statement before, so this one's snapshot sees every slot committed meanwhile, and
    /// none can be added or removed), locks the slots, takes each SKU's pieces from its total if every SKU has enough,
    /// and evens what is left over its rows: a SKU with plenty and no slots is spread here, as it came here because
    /// another buyer held its main row. Answers the short SKUs.
    /// </summary>
    private const string AcrossRows = $"""
        WITH w AS (SELECT id, q FROM jsonb_to_recordset(@wanted) AS w(id uuid, q int)),
        slots AS (SELECT x.sku_id, x.slot, x.stock FROM {StockSlots.Table} x WHERE x.sku_id = ANY(@ids) ORDER BY x.sku_id, x.slot FOR UPDATE),
        totals AS (
            SELECT w.id, w.q, s.stock + COALESCE(SUM(x.stock), 0) AS total, COUNT(x.slot) AS had
            FROM w JOIN listing_skus s ON s.id = w.id LEFT JOIN slots x ON x.sku_id = w.id
            GROUP BY w.id, w.q, s.stock),
        short AS (SELECT w.id FROM w LEFT JOIN totals t ON t.id = w.id WHERE t.id IS NULL OR t.total < t.q),
        kept AS (
            SELECT id, total - q AS left_over, had, CASE WHEN had = 0 AND total - q >= @spreadFrom THEN @extra ELSE had END AS n
            FROM totals WHERE NOT EXISTS (SELECT 1 FROM short)),
        added AS (
            INSERT INTO {StockSlots.Table} (sku_id, slot, stock)
            SELECT k.id, g, k.left_over / (k.n + 1) FROM kept k CROSS JOIN LATERAL generate_series(1, k.n) g WHERE k.had = 0
            RETURNING sku_id),
        evened AS (
            UPDATE {StockSlots.Table} x SET stock = k.left_over / (k.n + 1) FROM kept k WHERE x.sku_id = k.id AND k.had > 0
            RETURNING x.sku_id),
        mains AS (
            UPDATE listing_skus s SET stock = k.left_over - k.n * (k.left_over / (k.n + 1)) FROM kept k WHERE s.id = k.id
            RETURNING s.id)
        SELECT id AS "Value" FROM short
        """;

    private static NpgsqlParameter SpreadFrom() => new("spreadFrom", StockSlots.SpreadFrom);

    /// <summary>SQLite has one writer at a time: the main rows only, no lock order to keep, no slots.</summary>
    private static async Task<IReadOnlySet<Guid>> TryTakeAllOneWriterAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> wanted, CancellationToken cancellationToken)
    {
        // EF Core stores a GUID in SQLite as upper-case text.
        var sqliteJson = JsonSerializer.Serialize(wanted.Select(p => new { id = p.Key.ToString().ToUpperInvariant(), q = p.Value }));
        var taken = (await db.Database.SqlQuery<Guid>(
                $"UPDATE listing_skus SET stock = stock - w.q FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})) AS w WHERE listing_skus.id = w.id AND listing_skus.stock >= w.q RETURNING listing_skus.id AS Value")
            .ToListAsync(cancellationToken)).ToHashSet();
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
        // One array parameter, not one per id (as OrderCatalog reads them): a unit order has up to 10,000 SKUs.
        var stock = await db.ListingSkus.AsNoTracking().Where(s => EF.Parameter(ids).Contains(s.Id)).Select(s => new { s.Id, s.Stock }).ToDictionaryAsync(s => s.Id, s => s.Stock, cancellationToken);
        return wanted.Where(w => !stock.TryGetValue(w.Key, out var left) || left < w.Value).Select(w => w.Key).ToHashSet();
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

    /// <summary>Gives back pieces an order no longer needs (e.g. an approver lowered a quantity) to each SKU's main row, in one statement.</summary>
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
