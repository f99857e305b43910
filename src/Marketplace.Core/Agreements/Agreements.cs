using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Agreements;

/// <summary>An agreement's use against its value: ordered (call-offs not cancelled), delivered and paid; <see cref="NearsCap"/> from 90 %.</summary>
public sealed record AgreementProgress(long CapFen, long OrderedFen, long DeliveredFen, long PaidFen, bool NearsCap);

/// <summary>Agreeing, capacity confirmations and progress; call-offs are <see cref="AgreementCallOffs"/>'.</summary>
public sealed class Agreements(MarketplaceDbContext db, TimeProvider clock)
{
    /// <summary>Stores a new agreement once every SKU is found to be one of the supplier's.</summary>
    public async Task<ProcurementAgreement> CreateAsync(
        string title, Guid buyerOrganizationId, Guid supplierId, long capFen, DateOnly validFrom, DateOnly validTo,
        IReadOnlyList<AgreementItemDraft> items, IReadOnlyList<AgreementDeliveryDraft> deliveries, AuditActor actor, CancellationToken cancellationToken)
    {
        var skuIds = items.Select(i => i.SkuId).ToList();
        var ofSupplier = await db.ListingSkus.Where(s => skuIds.Contains(s.Id))
            .Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => l.SupplierId)
            .CountAsync(id => id == supplierId, cancellationToken);
        if (ofSupplier != skuIds.Distinct().Count())
        {
            throw new AgreementRuleException(AgreementRule.NotAnAgreedSku, "Every SKU must be one of the supplier's.");
        }

        var createdBy = actor.UserId ?? throw new ArgumentException("An agreement is made by a signed-in user.", nameof(actor));
        var agreement = ProcurementAgreement.Create(title, buyerOrganizationId, supplierId, capFen, validFrom, validTo, items, deliveries, createdBy, clock.GetUtcNow().UtcDateTime);
        db.Set<ProcurementAgreement>().Add(agreement);
        new AuditLog(db, clock).Append(actor, AuditActions.AgreementCreated, AuditSubjects.Agreement, agreement.Id.ToString(), new
        {
            agreement.Title, buyerOrganizationId, supplierId, capFen, validFrom, validTo, items = items.Count, deliveries = deliveries.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
        return agreement;
    }

    public async Task ConfirmCapacityAsync(Guid agreementId, Guid deliveryId, AuditActor actor, CancellationToken cancellationToken)
    {
        var agreement = await db.Set<ProcurementAgreement>().Include(a => a.Deliveries).SingleAsync(a => a.Id == agreementId, cancellationToken);
        var userId = actor.UserId ?? throw new ArgumentException("Capacity is confirmed by a signed-in user.", nameof(actor));
        if (agreement.ConfirmCapacity(deliveryId, userId, clock.GetUtcNow().UtcDateTime))
        {
            new AuditLog(db, clock).Append(actor, AuditActions.AgreementCapacityConfirmed, AuditSubjects.Agreement, agreementId.ToString(), new { deliveryId });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AgreementProgress> ProgressAsync(Guid agreementId, CancellationToken cancellationToken)
    {
        var agreement = await db.Set<ProcurementAgreement>().AsNoTracking().SingleAsync(a => a.Id == agreementId, cancellationToken);
        var paid = await db.Orders.Where(o => o.AgreementId == agreementId).SumAsync(o => o.PaidFen - o.RefundedFen, cancellationToken);
        var delivered = await db.OrderLines
            .Join(db.SubOrders, l => l.SubOrderId, s => (Guid?)s.Id, (l, s) => new { l.AmountFen, s.Status, s.OrderId })
            .Join(db.Orders, x => x.OrderId, o => o.Id, (x, o) => new { x.AmountFen, x.Status, o.AgreementId })
            .Where(x => x.AgreementId == agreementId && (x.Status == SubOrderStatus.Delivered || x.Status == SubOrderStatus.Completed))
            .SumAsync(x => x.AmountFen, cancellationToken);
        return new AgreementProgress(agreement.CapFen, agreement.CommittedFen, delivered, paid, agreement.NearsCap);
    }
}
