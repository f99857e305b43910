using System.Text.Json;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Stock is held with conditional decrements, so two buyers can never take the same last piece and the stock never
/// goes below zero, on any number of order-service processes. An order's SKUs are taken set-based: the rows are locked
/// in id order (PostgreSQL; SQLite has one writer), read, and decremented in one statement — a fixed number of round
/// trips for 1 or 10,000 lines. Call inside the caller's transaction.
/// <para>
/// Made-to-order lines (<see cref="OrderLine.ReadyBy"/> set when placed) are sewn or packed for the order: they take no
/// stock when placed, none when an approver raises them, and give none back when lowered, cancelled or expired. So the
/// stock of a SKU only ever moves by lines that took it, and never goes below zero.
/// </para>
/// </summary>
public static class StockReservations
{
    /// <summary>
    /// Takes every SKU's pieces or none: answers the SKUs that are short (and then changes nothing). A row changed by
    /// another writer between the read and the decrement fails the transaction, so the message is retried.
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> TryTakeAllAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> wanted, CancellationToken cancellationToken)
    {
        var ids = wanted.Keys.Order().ToArray();
        var stock = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<SkuStock>($"SELECT id AS \"Id\", stock AS \"Stock\" FROM listing_skus WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
                .ToDictionaryAsync(s => s.Id, s => s.Stock, cancellationToken)
            : await db.Database.SqlQuery<SkuStock>($"SELECT id AS Id, stock AS Stock FROM listing_skus WHERE id IN (SELECT value FROM json_each({SqliteIds(ids)}))")
                .ToDictionaryAsync(s => s.Id, s => s.Stock, cancellationToken);
        var shortOf = wanted.Where(w => !stock.TryGetValue(w.Key, out var left) || left < w.Value).Select(w => w.Key).ToHashSet();
        if (shortOf.Count > 0)
        {
            return shortOf;
        }

        if (await ChangeAllAsync(db, wanted, -1, cancellationToken) != wanted.Count)
        {
            throw new DbUpdateConcurrencyException("Stock changed between the read and the reservation; the message is retried.");
        }

        return shortOf;
    }

    /// <summary>Gives back what a cancelled or expired order held (shipped pieces are gone and stay gone).</summary>
    public static async Task ReleaseAsync(MarketplaceDbContext db, Order order, CancellationToken cancellationToken)
    {
        var back = order.Lines.Where(l => !l.IsMadeToOrder && l.Quantity > l.ShippedQuantity).GroupBy(l => l.SkuId)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity - l.ShippedQuantity));
        if (back.Count > 0)
        {
            await ChangeAllAsync(db, back, +1, cancellationToken);
        }
    }

    /// <summary>Gives back pieces an order no longer needs (e.g. an approver lowered a quantity).</summary>
    public static Task GiveBackAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces, CancellationToken cancellationToken) =>
        ChangeAllAsync(db, pieces, +1, cancellationToken);

    /// <summary>Adds (sign +1) or takes (sign −1, only where enough is left) each SKU's pieces in one statement; answers the rows changed.</summary>
    private static Task<int> ChangeAllAsync(MarketplaceDbContext db, IReadOnlyDictionary<Guid, int> pieces, int sign, CancellationToken cancellationToken)
    {
        var take = sign < 0;
        if (db.Database.IsNpgsql())
        {
            var json = JsonSerializer.Serialize(pieces.OrderBy(p => p.Key).Select(p => new { id = p.Key, q = p.Value }));
            return take
                ? db.Database.ExecuteSqlAsync($"UPDATE listing_skus s SET stock = s.stock - w.q FROM jsonb_to_recordset({json}::jsonb) AS w(id uuid, q int) WHERE s.id = w.id AND s.stock >= w.q", cancellationToken)
                : db.Database.ExecuteSqlAsync($"UPDATE listing_skus s SET stock = s.stock + w.q FROM jsonb_to_recordset({json}::jsonb) AS w(id uuid, q int) WHERE s.id = w.id", cancellationToken);
        }

        // EF Core stores a GUID in SQLite as upper-case text.
        var sqliteJson = JsonSerializer.Serialize(pieces.Select(p => new { id = p.Key.ToString().ToUpperInvariant(), q = p.Value }));
        return take
            ? db.Database.ExecuteSqlAsync(
                $"UPDATE listing_skus SET stock = stock - w.q FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})) AS w WHERE listing_skus.id = w.id AND listing_skus.stock >= w.q",
                cancellationToken)
            : db.Database.ExecuteSqlAsync(
                $"UPDATE listing_skus SET stock = stock + w.q FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.q') AS q FROM json_each({sqliteJson})) AS w WHERE listing_skus.id = w.id",
                cancellationToken);
    }

    private static string SqliteIds(IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids.Select(id => id.ToString().ToUpperInvariant()));

    private sealed record SkuStock(Guid Id, int Stock);
}
