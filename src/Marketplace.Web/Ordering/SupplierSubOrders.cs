using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

public sealed record RefuseSubOrderRequest(string? Reason);

public sealed record ShipSubOrderRequest(string? Carrier, string? TrackingNumber, IReadOnlyList<ShipmentLine>? Lines);

/// <summary>A sub-order in a supplier's list: enough to pick, pack and ship it; bulk and uniform orders are flagged by <c>Kind</c>.</summary>
public sealed record SupplierSubOrderView(
    Guid OrderId, Guid SubOrderId, string Number, SubOrderStatus Status, long AmountFen, DateTime? PaidAt, DeliveryAddress Address,
    string? InvoiceTitle, string? Note, IReadOnlyList<OrderLineView> Lines, IReadOnlyList<ShipmentView> Shipments, OrderKind Kind, string? PoNumber);

internal sealed class RefuseSubOrderRequestValidator : AbstractValidator<RefuseSubOrderRequest>
{
    public RefuseSubOrderRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.Reason).Required(l, "SubOrder.RefusalReason").MaximumLength(SubOrder.ReasonMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["SubOrder.RefusalReason"], SubOrder.ReasonMaxLength]);
}

internal sealed class ShipSubOrderRequestValidator : AbstractValidator<ShipSubOrderRequest>
{
    public ShipSubOrderRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Carrier).Required(l, "SubOrder.Carrier").MaximumLength(Shipment.CarrierMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["SubOrder.Carrier"], Shipment.CarrierMaxLength]);
        RuleFor(r => r.TrackingNumber).Required(l, "SubOrder.TrackingNumber").MaximumLength(Shipment.TrackingNumberMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["SubOrder.TrackingNumber"], Shipment.TrackingNumberMaxLength]);
        RuleForEach(r => r.Lines).Must(line => line.Quantity > 0).WithMessage(_ => l["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
    }
}

/// <summary>
/// A supplier's side of its sub-orders: the list of paid ones to handle, accept, refuse (its lines are refunded),
/// ship (whole or in parts, with carrier and tracking number) and mark delivered. Only its own; others are not found.
/// </summary>
public sealed class SupplierSubOrders(MarketplaceDbContext db, OrderChange orders, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task<IReadOnlyList<SupplierSubOrderView>> ListAsync(Guid supplierId, SubOrderStatus? status, CancellationToken cancellationToken)
    {
        var query = db.SubOrders.AsNoTracking().Where(s => s.SupplierId == supplierId && s.Status != SubOrderStatus.Pending);
        if (status is { } wanted)
        {
            query = query.Where(s => s.Status == wanted);
        }

        return await ViewsAsync(query.OrderByDescending(s => s.Id).Take(PageSize), cancellationToken);
    }

    /// <summary>One paid sub-order of the supplier (for its packing list); null when it is not theirs or not paid yet.</summary>
    public async Task<SupplierSubOrderView?> FindAsync(Guid supplierId, Guid subOrderId, CancellationToken cancellationToken) =>
        (await ViewsAsync(
            db.SubOrders.AsNoTracking().Where(s => s.Id == subOrderId && s.SupplierId == supplierId && s.Status != SubOrderStatus.Pending),
            cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<SupplierSubOrderView>> ViewsAsync(IQueryable<SubOrder> query, CancellationToken cancellationToken)
    {
        var subOrders = await query.Include(s => s.Shipments).ToListAsync(cancellationToken);
        var orderIds = subOrders.Select(s => s.OrderId).ToList();
        var subOrderIds = subOrders.Select(s => s.Id).ToList();
        var parents = await db.Orders.AsNoTracking().IgnoreAutoIncludes().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var lines = (await db.OrderLines.AsNoTracking().Where(l => l.SubOrderId != null && subOrderIds.Contains(l.SubOrderId.Value)).ToListAsync(cancellationToken))
            .ToLookup(l => l.SubOrderId!.Value);
        return [.. subOrders.Select(s =>
        {
            var order = parents[s.OrderId];
            return new SupplierSubOrderView(
                order.Id, s.Id, s.Number, s.Status, s.AmountFen, order.PaidAt, order.Address, order.InvoiceTitle, order.Note,
                [.. lines[s.Id].OrderBy(l => l.Position).Select(OrderLineView.Of)],
                [.. s.Shipments.OrderBy(x => x.ShippedAt).Select(x => new ShipmentView(x.Id, x.Carrier, x.TrackingNumber, x.ShippedAt, x.Lines))],
                order.Kind, order.PoNumber);
        })];
    }

    public Task<OrderChangeOutcome> AcceptAsync(Guid supplierId, Guid subOrderId, CancellationToken cancellationToken) =>
        ChangeAsync(supplierId, subOrderId, (order, now) =>
        {
            order.AcceptSubOrder(subOrderId, now);
            return null;
        }, cancellationToken);

    public Task<OrderChangeOutcome> RefuseAsync(Guid supplierId, Guid subOrderId, RefuseSubOrderRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(supplierId, subOrderId, (order, now) => order.RefuseSubOrder(subOrderId, request.Reason!.Trim(), now), cancellationToken);

    public Task<OrderChangeOutcome> ShipAsync(Guid supplierId, Guid subOrderId, ShipSubOrderRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(supplierId, subOrderId, (order, now) =>
        {
            var pieces = request.Lines is { Count: > 0 } lines
                ? lines
                : [.. order.Lines.Where(l => l.SubOrderId == subOrderId && l.ShippedQuantity < l.Quantity).Select(l => new ShipmentLine(l.Id, l.Quantity - l.ShippedQuantity))];
            return order.Ship(subOrderId, request.Carrier!.Trim(), request.TrackingNumber!.Trim(), pieces, now);
        }, cancellationToken);

    public Task<OrderChangeOutcome> MarkDeliveredAsync(Guid supplierId, Guid subOrderId, CancellationToken cancellationToken) =>
        ChangeAsync(supplierId, subOrderId, (order, now) =>
        {
            order.MarkDelivered(subOrderId, now);
            return null;
        }, cancellationToken);

    private async Task<OrderChangeOutcome> ChangeAsync(Guid supplierId, Guid subOrderId, Func<Order, DateTime, object?> change, CancellationToken cancellationToken)
    {
        var orderId = await db.SubOrders.Where(s => s.Id == subOrderId && s.SupplierId == supplierId).Select(s => (Guid?)s.OrderId).SingleOrDefaultAsync(cancellationToken);
        if (orderId is null)
        {
            return new(OrderChangeFailure.NotFound);
        }

        return await orders.ApplyAsync(orderId.Value, _ => true, order =>
        {
            if (change(order, clock.GetUtcNow().UtcDateTime) is { } message)
            {
                orders.Db.AddToOutbox(message, clock);
            }

            return Task.CompletedTask;
        }, cancellationToken);
    }
}
