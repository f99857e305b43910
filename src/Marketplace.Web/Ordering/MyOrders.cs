using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Ordering;

/// <summary>我的订单: the buyer's orders, newest first, a page at a time (keyset by id).</summary>
public sealed class MyOrders(MarketplaceDbContext db)
{
    public async Task<IReadOnlyList<OrderSummary>> ListAsync(Guid userId, Guid? before, CancellationToken cancellationToken)
    {
        var query = db.Orders.AsNoTracking().Where(o => o.BuyerUserId == userId);
        if (before is { } cursor)
        {
            query = query.Where(o => o.Id.CompareTo(cursor) < 0);
        }

        return await query.OrderByDescending(o => o.Id).Take(OrderSummary.PageSize)
            .Select(o => new OrderSummary(o.Id, o.Number, o.Status, o.TotalFen, o.SubmittedAt, o.Lines.Count)).ToListAsync(cancellationToken);
    }
}
