using MassTransit;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Marks an order paid when its payment arrives and emits <c>OrderPaid</c>, which the assistance ledger counts. A
/// payment that arrives after the order was cancelled is not lost: the payments side refunds every part of a cancelled
/// order when it sees <c>OrderCancelled</c>, so here it changes nothing.
/// </summary>
public sealed class PaymentSucceededConsumer(MarketplaceDbContext db, WelfareAllowances allowances, TimeProvider clock) : TransactionalConsumer<PaymentSucceeded>(db, clock)
{
    protected override async Task Handle(ConsumeContext<PaymentSucceeded> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        var order = await Db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == message.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Payment {message.PaymentId} names an unknown order {message.OrderId}.");
        if ((order.Status == OrderStatus.Paid && order.PaidFen == message.AmountFen) || order.Status == OrderStatus.Cancelled)
        {
            return;
        }

        // What the welfare allowance paid of each line: the ledger counts it as the group's money (DOMAIN.md rule 4).
        var allowance = (await allowances.RefundableAsync(order.Id, cancellationToken)).ToDictionary(l => l.LineId, l => l.AllowanceFen);
        var paid = order.MarkPaid(message.AmountFen, Clock.GetUtcNow().UtcDateTime, allowance);
        await SoldCounts.AddAsync(Db, order.Lines.Where(l => l.ListingId is not null).GroupBy(l => l.ListingId!.Value)
            .ToDictionary(g => g.Key, g => (long)g.Sum(l => l.Quantity)), cancellationToken);
        Db.AddToOutbox(paid, Clock);
    }
}

public sealed class PaymentSucceededConsumerDefinition : MarketplaceConsumerDefinition<PaymentSucceededConsumer>;
