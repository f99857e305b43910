using MassTransit;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Agreements;
using Marketplace.Core.Approvals;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Decides a submitted order: prices it from the catalog (never from the buyer), reserves every line's stock or none,
/// and places it (one sub-order per supplier) or rejects it with a reason per line — with its event, in one transaction.
/// </summary>
public sealed class SubmitOrderConsumer(MarketplaceDbContext db, TimeProvider clock, IOptions<OrderingOptions> options)
    : TransactionalConsumer<SubmitOrder>(db, clock)
{
    protected override async Task Handle(ConsumeContext<SubmitOrder> context)
    {
        var cancellationToken = context.CancellationToken;
        var order = await Db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == context.Message.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {context.Message.OrderId} is not stored; the message came before its order.");
        if (order.Status != OrderStatus.Submitted)
        {
            return;
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        var (priced, rejected) = await OrderPricing.PriceAsync(Db, order, now, cancellationToken);
        (priced, rejected) = await AgreementPricing.LockAsync(Db, order, priced, rejected, cancellationToken);
        if (rejected.Count == 0)
        {
            rejected = await ReserveAllOrNoneAsync(order, priced, cancellationToken);
        }

        if (rejected.Count > 0)
        {
            Db.AddToOutbox(order.Reject(rejected, now), Clock);
            return;
        }

        var needsApproval = await OrderApprovals.RequireIfRuledAsync(Db, order, priced, now, cancellationToken);
        var expiresAt = now + (needsApproval ? options.Value.ApprovalWindow : options.Value.PaymentWindow);
        Db.AddToOutbox(order.Place(priced, needsApproval, expiresAt, now), Clock);
    }

    /// <summary>
    /// Takes every SKU's stock for the whole order in one set-based step, or none; each line of a short SKU is rejected.
    /// Made-to-order lines (a promised date) are made for the order and take no stock.
    /// </summary>
    private async Task<Dictionary<Guid, LineRejection>> ReserveAllOrNoneAsync(Order order, IReadOnlyList<PricedLine> priced, CancellationToken cancellationToken)
    {
        var fromStock = priced.Where(p => p.ReadyBy is null).Select(p => p.LineId).ToHashSet();
        var wanted = order.Lines.Where(l => fromStock.Contains(l.Id)).GroupBy(l => l.SkuId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        if (wanted.Count == 0)
        {
            return [];
        }

        var shortOf = await StockReservations.TryTakeAllAsync(Db, wanted, cancellationToken);
        return order.Lines.Where(l => shortOf.Contains(l.SkuId)).ToDictionary(l => l.Id, _ => LineRejection.OutOfStock);
    }
}

public sealed class SubmitOrderConsumerDefinition : MarketplaceConsumerDefinition<SubmitOrderConsumer>;
