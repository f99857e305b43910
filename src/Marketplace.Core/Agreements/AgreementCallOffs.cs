using Marketplace.Contracts.Ordering;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Agreements;

/// <summary>What a call-off asks for: a scheduled delivery, or SKUs and quantities on demand.</summary>
public sealed record CallOffRequest(Guid BuyerUserId, Guid? DeliveryId, IReadOnlyList<RequestedLine> Lines, DeliveryAddress Address, string? Note);

/// <summary>
/// Creates call-off orders from an agreement. The value is taken from the cap first, with one conditional update of the
/// agreement's committed value, so concurrent call-offs on any number of hosts never pass the cap; then the order is
/// stored and its <see cref="SubmitOrder"/> goes to the order service, all in one transaction.
/// </summary>
public sealed class AgreementCallOffs(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<Order> CallOffAsync(Guid agreementId, CallOffRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Prices, validity and schedule never change once agreed: read them first, then take the cap and the delivery with
        // conditional updates as the transaction's first statements, so concurrent call-offs queue for the write.
        var agreement = await db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == agreementId, cancellationToken)
            ?? throw new AgreementRuleException(AgreementRule.OutOfRange, $"No agreement {agreementId}.");
        if (!agreement.IsValidOn(ChinaCalendar.DateOf(now)))
        {
            throw new AgreementRuleException(AgreementRule.NotValidToday, "The agreement is not valid today.");
        }

        var delivery = request.DeliveryId is { } deliveryId
            ? agreement.Deliveries.SingleOrDefault(d => d.Id == deliveryId) ?? throw new AgreementRuleException(AgreementRule.OutOfRange, $"No delivery {deliveryId}.")
            : null;
        IReadOnlyList<RequestedLine> lines = delivery is null ? request.Lines : [new RequestedLine(delivery.SkuId, delivery.Quantity)];
        var prices = agreement.Items.ToDictionary(i => i.SkuId, i => i.UnitPriceFen);
        if (lines.Any(l => !prices.ContainsKey(l.SkuId)))
        {
            throw new AgreementRuleException(AgreementRule.NotAnAgreedSku, "Only the agreement's SKUs can be called off.");
        }

        var order = Order.Submit(
            new OrderRequest(
                request.BuyerUserId, agreement.BuyerOrganizationId, OrderChannel.UnitCollective, FundingSource.UnitProcurement, request.Address, null, null,
                request.Note, null, $"agreement-{Guid.CreateVersion7(now):N}", lines, AgreementId: agreement.Id),
            "agreement", now, Random.Shared);
        var amount = lines.Sum(l => checked(prices[l.SkuId] * l.Quantity));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var taken = await db.Database.ExecuteSqlAsync(
            $"UPDATE procurement_agreements SET committed_fen = committed_fen + {amount} WHERE id = {agreement.Id} AND committed_fen + {amount} <= cap_fen",
            cancellationToken);
        if (taken != 1)
        {
            throw new AgreementRuleException(AgreementRule.ExceedsCap, "The call-off would take the agreement past its cap.");
        }

        if (delivery is not null && await db.Database.ExecuteSqlAsync(
            $"UPDATE agreement_deliveries SET call_off_order_id = {order.Id} WHERE id = {delivery.Id} AND call_off_order_id IS NULL", cancellationToken) != 1)
        {
            throw new AgreementRuleException(AgreementRule.AlreadyCalledOff, "This delivery has been called off already.");
        }

        db.Orders.Add(order);
        db.Set<AgreementCallOff>().Add(new AgreementCallOff(order.Id, agreement.Id, amount, now));
        db.AddToOutbox(new SubmitOrder(order.Id), clock);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return order;
    }
}
