using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Ordering;

public enum OrderChangeFailure
{
    None,
    NotFound,
    NotAllowed,
    Conflict,
}

public sealed record OrderChangeOutcome(OrderChangeFailure Failure, string? Detail = null);

/// <summary>
/// Loads one order, lets <c>change</c> apply a domain step (adding its events to the outbox), and saves it all in one
/// transaction guarded by the order's revision: a step that lost a race is a conflict, never a lost update.
/// </summary>
public sealed class OrderChange(MarketplaceDbContext db)
{
    public MarketplaceDbContext Db => db;

    public async Task<OrderChangeOutcome> ApplyAsync(
        Guid orderId, Func<Order, bool> mayChange, Func<Order, Task> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).ThenInclude(s => s.Shipments)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null || !mayChange(order))
        {
            return new(OrderChangeFailure.NotFound);
        }

        try
        {
            await change(order);
        }
        catch (OrderRuleException ex)
        {
            return new(OrderChangeFailure.NotAllowed, ex.Message);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(OrderChangeFailure.Conflict);
        }

        return new(OrderChangeFailure.None);
    }
}
