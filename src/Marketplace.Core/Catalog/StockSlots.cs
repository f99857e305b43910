using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Catalog;

/// <summary>
/// A SKU's stock may be spread over several rows (stock slots): its own <c>listing_skus.stock</c> (the main slot) and,
/// for a SKU with plenty that buyers collide on, <see cref="ExtraSlots"/> rows of <c>listing_sku_stock_slots</c>. A
/// reservation takes from one row, so buyers of one SKU lock different rows and their commits overlap instead of queueing
/// on one row lock. A SKU nobody waits for keeps one row, so most SKUs never have slots.
/// The stock everyone sees is the sum, and <see cref="Shown"/> is the only place that adds it up: EF Core reads
/// <see cref="ListingSku.Stock"/> through <see cref="SkuQuery"/>, Dapper readers put <see cref="Shown"/> in their SQL.
/// <para>
/// Only PostgreSQL reservations spread stock (<see cref="Ordering.StockReservations"/>): SQLite has one writer at a time, so
/// rows there would share nothing, and its slots table stays empty. Setting a SKU's stock to a number (a supplier's edit,
/// import or the stock API) collapses its slots into the main row in the same transaction (<see cref="SaveChangesAsync"/>).
/// </para>
/// </summary>
public static class StockSlots
{
    /// <summary>
    /// Extra rows beside the main one: 8 rows let 8 buyers of one SKU hold a row each, enough for the commits of one WAL
    /// flush to overlap on a small server, while a SKU short in its chosen row falls back to taking across all of them.
    /// </summary>
    public const int ExtraSlots = 7;

    /// <summary>
    /// A SKU is spread only when at least this many pieces are left: below it each row would hold a few pieces, run
    /// short at once and send every buyer to the slower take across rows; a SKU this small sells out in a few dozen orders.
    /// </summary>
    public const int SpreadFrom = 64;

    public const string Table = "listing_sku_stock_slots";

    /// <summary>The stock shown for the <c>listing_skus</c> row aliased <paramref name="sku"/>: main row plus its slots.</summary>
    public static string Shown(string sku) =>
        $"CAST({sku}.stock + COALESCE((SELECT SUM(slot.stock) FROM {Table} slot WHERE slot.sku_id = {sku}.id), 0) AS integer)";

    /// <summary>How EF Core reads SKUs: every column, with the shown stock as <see cref="ShownColumn"/>; writes go to the table.</summary>
    internal static readonly string SkuQuery = $"SELECT s.*, {Shown("s")} AS {ShownColumn} FROM listing_skus s";

    internal const string ShownColumn = "shown_stock";

    /// <summary>
    /// Saves, and removes the slots of every SKU whose stock was set to a number, after its main row is written and in
    /// the same transaction: the main row's lock keeps reservations from spreading it again before the commit.
    /// </summary>
    public static async Task<int> SaveChangesAsync(DbContext db, Func<Task<int>> save, CancellationToken cancellationToken)
    {
        var set = StockSet(db.ChangeTracker);
        if (set.Length == 0)
        {
            return await save();
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (own)
        {
            var saved = await save();
            await db.Database.ExecuteSqlRawAsync(CollapseSql(set), cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
    }

    /// <summary>The synchronous <see cref="SaveChangesAsync"/>.</summary>
    public static int SaveChanges(DbContext db, Func<int> save)
    {
        var set = StockSet(db.ChangeTracker);
        if (set.Length == 0)
        {
            return save();
        }

        using var own = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        var saved = save();
        db.Database.ExecuteSqlRaw(CollapseSql(set));
        own?.Commit();
        return saved;
    }

    private static Guid[] StockSet(ChangeTracker changes) =>
        [.. changes.Entries<ListingSku>().Where(e => e.State == EntityState.Modified && e.Property(s => s.Stock).IsModified).Select(e => e.Entity.Id)];

    // Ids are Guids formatted here, never user text; SQLite stores them as upper-case text.
    private static string CollapseSql(Guid[] skus) =>
        $"DELETE FROM {Table} WHERE sku_id IN ({string.Join(", ", skus.Select(id => $"'{id.ToString().ToUpperInvariant()}'"))})";
}

/// <summary>One extra row of a SKU's stock (see <see cref="StockSlots"/>); never below zero.</summary>
public sealed class ListingSkuStockSlot
{
    public Guid SkuId { get; private set; }

    /// <summary>1 to <see cref="StockSlots.ExtraSlots"/>; the main row is slot 0.</summary>
    public int Slot { get; private set; }

    public int Stock { get; private set; }
}

internal sealed class ListingSkuStockSlotConfiguration : IEntityTypeConfiguration<ListingSkuStockSlot>
{
    public void Configure(EntityTypeBuilder<ListingSkuStockSlot> builder)
    {
        builder.ToTable(StockSlots.Table, t => t.HasCheckConstraint("ck_listing_sku_stock_slots_stock_not_negative", "stock >= 0"));
        builder.HasKey(s => new { s.SkuId, s.Slot });
        builder.HasOne<ListingSku>().WithMany().HasForeignKey(s => s.SkuId).OnDelete(DeleteBehavior.Cascade);
    }
}
