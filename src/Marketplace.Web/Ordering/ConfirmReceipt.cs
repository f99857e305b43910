using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;

namespace Marketplace.Web.Ordering;

/// <summary>确认收货: the buyer confirms a shipped sub-order arrived; it completes (and with the last one, the order).</summary>
public sealed class ConfirmReceipt(OrderChange orders, TimeProvider clock)
{
    public Task<OrderChangeOutcome> HandleAsync(Guid orderId, Guid subOrderId, Guid buyerId, CancellationToken cancellationToken) =>
        orders.ApplyAsync(orderId, o => o.BuyerUserId == buyerId && o.SubOrders.Any(s => s.Id == subOrderId), order =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (order.SubOrders.Single(s => s.Id == subOrderId).Status == SubOrderStatus.Shipped)
            {
                order.MarkDelivered(subOrderId, now);
            }

            if (order.CompleteSubOrder(subOrderId, now) is { } completed)
            {
                orders.Db.AddToOutbox(completed, clock);
            }

            return Task.CompletedTask;
        }, cancellationToken);
}
