using Marketplace.Core.Data;
using Marketplace.Core.Hosting;
using Marketplace.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Releases the stock of orders whose approval or payment did not come in time, and completes delivered sub-orders the
/// buyer never confirmed. Each order is its own transaction guarded by the order's revision, so several processes may
/// sweep at once and each order is cancelled or completed once.
/// </summary>
public sealed class OrderSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OrderingOptions> options)
    : IPeriodicSweep
{
    public const string ExpiredReason = "Expired";
    private const int Batch = 100;

    public TimeSpan Interval => options.Value.SweepInterval;

    public string Name => "order sweep";

    /// <summary>One pass; returns how many orders it expired and sub-orders it completed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var done = 0;
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            due = await db.Orders.Where(o => (o.Status == OrderStatus.AwaitingPayment || o.Status == OrderStatus.AwaitingApproval) && o.ExpiresAt <= now)
                .OrderBy(o => o.ExpiresAt).Select(o => o.Id).Take(Batch).ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            done += await OneAsync(id, cancellationToken, async (db, order) =>
            {
                if (order.Status is not (OrderStatus.AwaitingPayment or OrderStatus.AwaitingApproval) || order.ExpiresAt > now)
                {
                    return false;
                }

                db.AddToOutbox(order.Cancel(ExpiredReason, now), clock);
                await StockReservations.ReleaseAsync(db, order, cancellationToken);
                return true;
            });
        }

        var deliveredBefore = now - options.Value.AutoCompleteAfter;
        List<Guid> delivered;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            delivered = await db.SubOrders.Where(s => s.Status == SubOrderStatus.Delivered && s.DeliveredAt <= deliveredBefore)
                .Select(s => s.OrderId).Distinct().OrderBy(id => id).Take(Batch).ToListAsync(cancellationToken);
        }

        foreach (var id in delivered)
        {
            done += await OneAsync(id, cancellationToken, (db, order) =>
            {
                var any = false;
                foreach (var subOrder in order.SubOrders.Where(s => s.Status == SubOrderStatus.Delivered && s.DeliveredAt <= deliveredBefore).ToList())
                {
                    if (order.CompleteSubOrder(subOrder.Id, now) is { } completed)
                    {
                        db.AddToOutbox(completed, clock);
                    }

                    any = true;
                }

                return Task.FromResult(any);
            });
        }

        return done;
    }

    private async Task<int> OneAsync(Guid orderId, CancellationToken cancellationToken, Func<MarketplaceDbContext, Order, Task<bool>> change)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).AsSplitQuery().SingleAsync(o => o.Id == orderId, cancellationToken);
        if (!await change(db, order))
        {
            return 0;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 1;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another process (a payment, a cancellation, another sweep) changed it first; its outcome stands.
            return 0;
        }
    }
}
