using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Agreements;

/// <summary>
/// What a call-off asks for: a scheduled delivery, or SKUs and quantities on demand, for the unit <paramref name="BuyerUnitId"/>
/// (the agreement's own unit, or any member unit when the group agreed). The same <paramref name="IdempotencyKey"/> never
/// makes a second call-off.
/// </summary>
public sealed record CallOffRequest(
    Guid BuyerUserId, Guid BuyerUnitId, Guid? DeliveryId, IReadOnlyList<RequestedLine> Lines, DeliveryAddress Address, string? Note, string IdempotencyKey, AuditActor Actor);

/// <summary>The call-off order; <see cref="Repeated"/> when the key had made it already.</summary>
public sealed record CallOffOutcome(Guid OrderId, string Number, OrderStatus Status, bool Repeated);

/// <summary>
/// Creates call-off orders from an agreement. The value is taken from the cap first, with one conditional update of the
/// agreement's committed value, so concurrent call-offs on any number of hosts never pass the cap; then the order is
/// stored and its <see cref="SubmitOrder"/> goes to the order service, all in one transaction.
/// </summary>
public sealed class AgreementCallOffs(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<CallOffOutcome> CallOffAsync(Guid agreementId, CallOffRequest request, CancellationToken cancellationToken)
    {
        var hash = Hash(agreementId, request);
        if (await EarlierAsync(request, hash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Prices, validity and schedule never change once agreed: read them first, then take the cap and the delivery with
        // conditional updates as the transaction's first statements, so concurrent call-offs queue for the write.
        var agreement = await db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == agreementId, cancellationToken)
            ?? throw new AgreementRuleException(AgreementRule.OutOfRange, $"No agreement {agreementId}.");
        await EnsureBuyerAsync(agreement, request.BuyerUnitId, cancellationToken);
        if (!agreement.IsValidOn(ChinaCalendar.DateOf(now)))
        {
            throw new AgreementRuleException(AgreementRule.NotValidToday, "The agreement is not valid today.");
        }

        var delivery = request.DeliveryId is { } deliveryId
            ? agreement.Deliveries.SingleOrDefault(d => d.Id == deliveryId) ?? throw new AgreementRuleException(AgreementRule.OutOfRange, $"No delivery {deliveryId}.")
            : null;
        IReadOnlyList<RequestedLine> lines = delivery is null ? request.Lines : [new RequestedLine(delivery.SkuId, delivery.Quantity)];
        var prices = agreement.Items.ToDictionary(i => i.SkuId, i => i.UnitPriceFen);
        if (lines.Count == 0 || lines.Any(l => !prices.ContainsKey(l.SkuId)))
        {
            throw new AgreementRuleException(AgreementRule.NotAnAgreedSku, "Only the agreement's SKUs can be called off.");
        }

        var order = Order.Submit(
            new OrderRequest(
                request.BuyerUserId, request.BuyerUnitId, OrderChannel.UnitCollective, FundingSource.UnitProcurement, request.Address, null, null,
                request.Note, null, request.IdempotencyKey, lines, AgreementId: agreement.Id),
            hash, now, OrderNumbers.Shared);
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
        new AuditLog(db, clock).Append(request.Actor, AuditActions.AgreementCalledOff, AuditSubjects.Agreement, agreement.Id.ToString(), new
        {
            orderId = order.Id, unitId = request.BuyerUnitId, deliveryId = delivery?.Id, amountFen = amount,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same key arrived twice at once: the first call-off won (its cap and delivery stay taken, ours roll back).
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return await EarlierAsync(request, hash, cancellationToken) ?? throw new InvalidOperationException("The call-off could not be stored.");
        }

        return new CallOffOutcome(order.Id, order.Number, order.Status, false);
    }

    /// <summary>A unit calls off its own agreements; any member unit calls off the group's.</summary>
    private async Task EnsureBuyerAsync(ProcurementAgreement agreement, Guid unitId, CancellationToken cancellationToken)
    {
        if (unitId == agreement.BuyerOrganizationId)
        {
            return;
        }

        var kinds = await db.Organizations.Where(o => o.Id == unitId || o.Id == agreement.BuyerOrganizationId).ToDictionaryAsync(o => o.Id, o => o.Kind, cancellationToken);
        if (kinds.GetValueOrDefault(agreement.BuyerOrganizationId) != OrganizationKind.Group || kinds.GetValueOrDefault(unitId) != OrganizationKind.MemberUnit)
        {
            throw new AgreementRuleException(AgreementRule.NotTheBuyer, "Only the agreement's unit, or a member unit for the group's agreement, calls off.");
        }
    }

    private async Task<CallOffOutcome?> EarlierAsync(CallOffRequest request, string hash, CancellationToken cancellationToken)
    {
        var found = await db.Orders.AsNoTracking().Where(o => o.BuyerUserId == request.BuyerUserId && o.IdempotencyKey == request.IdempotencyKey)
            .Select(o => new { o.Id, o.Number, o.Status, o.RequestHash }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        return found.RequestHash == hash
            ? new CallOffOutcome(found.Id, found.Number, found.Status, true)
            : throw new AgreementRuleException(AgreementRule.KeyReused, "The idempotency key was used for another request.");
    }

    private static string Hash(Guid agreementId, CallOffRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            agreementId, request.BuyerUnitId, request.DeliveryId, request.Lines, request.Address, request.Note,
        }))));
}
