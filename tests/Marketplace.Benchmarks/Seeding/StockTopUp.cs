using Dapper;
using Marketplace.Core.Catalog;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Marketplace.Benchmarks.Seeding;

/// <summary>Sets SKUs' stock between runs the way a supplier's edit stores it: split into <see cref="StockSlot.Shares"/>.</summary>
internal static class StockTopUp
{
    public static Task PostgresAsync(NpgsqlConnection connection, Guid[] skus, int stock) =>
        connection.ExecuteAsync("""
            DELETE FROM listing_sku_stock_slots WHERE sku_id = ANY(@skus);
            INSERT INTO listing_sku_stock_slots (sku_id, slot, pieces)
            SELECT k.id, s.slot - 1, s.pieces FROM unnest(@skus) AS k(id), unnest(@shares) WITH ORDINALITY AS s(pieces, slot);
            """, new { skus, shares = StockSlot.Shares(stock) });

    /// <summary>Every SKU whose id is LIKE <paramref name="idPattern"/> (SQLite keeps ids as text).</summary>
    public static Task SqliteAsync(SqliteConnection connection, string idPattern, int stock) =>
        connection.ExecuteAsync("""
            DELETE FROM listing_sku_stock_slots WHERE sku_id LIKE @idPattern;
            INSERT INTO listing_sku_stock_slots (sku_id, slot, pieces)
            SELECT k.id, s.key, s.value FROM listing_skus AS k, json_each(@shares) AS s WHERE k.id LIKE @idPattern;
            """, new { idPattern, shares = "[" + string.Join(",", StockSlot.Shares(stock)) + "]" });
}
