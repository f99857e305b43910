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
        // A submitted order has no sub-orders yet (placing it makes them), so only its lines are loaded.
        var order = await Db.Orders.Include(o => o.Lines).AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == context.Message.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {context.Message.OrderId} is not stored; the message came before its order.");
        if (order.Status != OrderStatus.Submitted)
        {
            return;
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        var (priced, rejected) = await OrderPricing.PriceAsync(Db, order, now, cancellationToken);
        (priced, rejected) = await AgreementPricing.LockAsync(Db, order, priced, rejected, cancellationToken);
        var wanted = FromStock(order, priced);
        if (rejected.Count == 0 && wanted.Count > 0)
        {
            rejected = OutOfStock(order, await StockReservations.ShortOfAsync(Db, wanted, cancellationToken));
        }

        if (rejected.Count > 0)
        {
            Db.AddToOutbox(order.Reject(rejected, now), Clock);
            return;
        }

        var needsApproval = await OrderApprovals.RequireIfRuledAsync(Db, order, priced, now, cancellationToken);
        var expiresAt = now + (needsApproval ? options.Value.ApprovalWindow : options.Value.PaymentWindow);
        Db.AddToOutbox(order.Place(priced, needsApproval, expiresAt, now), Clock);

        // Stock is taken last, all or none, so a SKU's row is locked only for that statement and the commit, not while
        // the order is written: with every buyer on one SKU that hold is what limits the rate.
        await Db.SaveChangesAsync(cancellationToken);
        if (wanted.Count > 0 && (await StockReservations.TryTakeAllAsync(Db, wanted, cancellationToken)).Count > 0)
        {
            // Taken by another order since the check: nothing of this one is committed, and the retry rejects it.
            throw new DbUpdateConcurrencyException($"Stock of order {order.Id} was taken since it was checked; the message is retried.");
        }
    }

    private static Dictionary<Guid, LineRejection> OutOfStock(Order order, IReadOnlySet<Guid> shortOf) =>
        order.Lines.Where(l => shortOf.Contains(l.SkuId)).ToDictionary(l => l.Id, _ => LineRejection.OutOfStock);

    /// <summary>What the order takes from stock, per SKU. Made-to-order lines (a promised date) are made for the order and take none.</summary>
    private static Dictionary<Guid, int> FromStock(Order order, IReadOnlyList<PricedLine> priced)
    {
        var fromStock = priced.Where(p => p.ReadyBy is null).Select(p => p.LineId).ToHashSet();
        return order.Lines.Where(l => fromStock.Contains(l.Id)).GroupBy(l => l.SkuId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
    }
}

public sealed class SubmitOrderConsumerDefinition : MarketplaceConsumerDefinition<SubmitOrderConsumer>;
