using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Writes a submitted order with its lines set-based: the order row and its delivery places through EF Core, then the
/// lines by <see cref="BulkInsert"/> in the same transaction. Tracking 10,000 lines and inserting them one by one cost
/// seconds (change tracking, a statement per row); this costs a few hundred milliseconds. An employee's order of a few
/// lines goes in the order's own batch instead: a COPY costs two round trips of its own, as much as the rest of the write.
/// </summary>
public static class SubmittedOrders
{
    /// <summary>Up to this many lines are written with the order; more are copied.</summary>
    public const int LinesWithTheOrder = 20;

    /// <summary>
    /// Inside the caller's transaction: writes <paramref name="order"/>, its places and lines, and stops tracking them, so
    /// that a later <c>SaveChanges</c> of the same context neither writes the lines again nor loads them. A taken
    /// Idempotency-Key or order number fails here with the usual <see cref="DbUpdateException"/>, before any line is written.
    /// </summary>
    public static async Task AddAsync(MarketplaceDbContext db, Order order, CancellationToken cancellationToken)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var written = new List<object> { order };
        written.AddRange(order.Deliveries);
        var withTheOrder = order.Lines.Count <= LinesWithTheOrder;
        if (withTheOrder)
        {
            written.AddRange(order.Lines);
        }

        try
        {
            // Entry().State adds the one entity, not its graph: the lines stay out of the change tracker unless added here.
            foreach (var entity in written)
            {
                db.Entry(entity).State = EntityState.Added;
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var entity in written)
            {
                db.Entry(entity).State = EntityState.Detached;
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        if (!withTheOrder)
        {
            await BulkInsert.AddAllAsync(db, order.Lines, cancellationToken);
        }
    }
}
