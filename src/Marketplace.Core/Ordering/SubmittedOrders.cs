using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Writes a submitted order with its lines set-based: the order row and its delivery places through EF Core, then the
/// lines by <see cref="BulkInsert"/> in the same transaction. Tracking 10,000 lines and inserting them one by one cost
/// seconds (change tracking, a statement per row); this costs a few hundred milliseconds.
/// </summary>
public static class SubmittedOrders
{
    /// <summary>
    /// Inside the caller's transaction: writes <paramref name="order"/>, its places and lines, and stops tracking them, so
    /// that a later <c>SaveChanges</c> of the same context neither writes the lines again nor loads them. A taken
    /// Idempotency-Key or order number fails here with the usual <see cref="DbUpdateException"/>, before any line is written.
    /// </summary>
    public static async Task AddAsync(MarketplaceDbContext db, Order order, CancellationToken cancellationToken)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            // Entry().State adds the one entity, not its graph: the lines stay out of the change tracker.
            db.Entry(order).State = EntityState.Added;
            foreach (var delivery in order.Deliveries)
            {
                db.Entry(delivery).State = EntityState.Added;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.Entry(order).State = EntityState.Detached;
            foreach (var delivery in order.Deliveries)
            {
                db.Entry(delivery).State = EntityState.Detached;
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        await BulkInsert.AddAllAsync(db, order.Lines, cancellationToken);
    }
}
