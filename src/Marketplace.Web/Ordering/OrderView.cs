using Marketplace.Core.Approvals;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Ordering;

/// <summary>An order as its buyer (or an operator) reads it: lines with prices, one entry per supplier, and a timeline.</summary>
public sealed record OrderView(
    Guid Id,
    string Number,
    OrderStatus Status,
    OrderChannel Channel,
    FundingSource FundingSource,
    Guid? BuyerUnitId,
    long TotalFen,
    long PaidFen,
    long RefundedFen,
    DeliveryAddress Address,
    string? InvoiceTitle,
    string? PoNumber,
    string? Note,
    DateTime SubmittedAt,
    DateTime? ExpiresAt,
    string? CancelReason,
    bool CanCancel,
    IReadOnlyList<OrderLineView> Lines,
    IReadOnlyList<SubOrderView> SubOrders,
    IReadOnlyList<TimelineEntry> Timeline);

public sealed record OrderLineView(
    Guid Id, Guid SkuId, Guid? ListingId, Guid? SubOrderId, string ProductName, string Spec, string? CountyCode, ProductCategory? Category,
    int Quantity, long UnitPriceFen, long AmountFen, LineRejection? Rejection, int ShippedQuantity, int RefundedQuantity, long RefundedFen,
    DateOnly? ReadyBy = null)
{
    public static OrderLineView Of(OrderLine l) => new(
        l.Id, l.SkuId, l.ListingId, l.SubOrderId, l.ProductName, l.Spec, l.CountyCode, l.Category, l.Quantity, l.UnitPriceFen, l.AmountFen,
        l.Rejection, l.ShippedQuantity, l.RefundedQuantity, l.RefundedFen, l.ReadyBy);
}

public sealed record SubOrderView(
    Guid Id, string Number, Guid SupplierId, string SupplierName, SubOrderStatus Status, long AmountFen, string? RefusalReason,
    IReadOnlyList<ShipmentView> Shipments, IReadOnlyList<TimelineEntry> Timeline);

public sealed record ShipmentView(Guid Id, string Carrier, string TrackingNumber, DateTime ShippedAt, IReadOnlyList<ShipmentLine> Lines);

/// <summary>One step of an order's or a sub-order's life, in time order.</summary>
public sealed record TimelineEntry(string Step, DateTime At, string? Detail);

public sealed class OrderViews(MarketplaceDbContext db)
{
    public async Task<OrderView?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.SubOrders).ThenInclude(s => s.Shipments)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var supplierIds = order.SubOrders.Select(s => s.SupplierId).ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => supplierIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var decisions = await db.Set<ApprovalDecision>().AsNoTracking().Where(d => d.OrderId == orderId).ToListAsync(cancellationToken);
        return Of(order, names, decisions);
    }

    public Task<bool> IsBuyerAsync(Guid orderId, Guid? userId, CancellationToken cancellationToken) =>
        db.Orders.AnyAsync(o => o.Id == orderId && o.BuyerUserId == userId, cancellationToken);

    public static OrderView Of(Order order, IReadOnlyDictionary<Guid, string> supplierNames, IReadOnlyList<ApprovalDecision>? approvals = null) => new(
        order.Id, order.Number, order.Status, order.Channel, order.FundingSource, order.BuyerUnitId, order.TotalFen, order.PaidFen, order.RefundedFen,
        order.Address, order.InvoiceTitle, order.PoNumber, order.Note, order.SubmittedAt, order.ExpiresAt, order.CancelReason, order.CanCancel,
        [.. order.Lines.OrderBy(l => l.Position).Select(OrderLineView.Of)],
        [.. order.SubOrders.OrderBy(s => s.Number).Select(s => new SubOrderView(
            s.Id, s.Number, s.SupplierId, supplierNames.GetValueOrDefault(s.SupplierId, ""), s.Status, s.AmountFen, s.RefusalReason,
            [.. s.Shipments.OrderBy(x => x.ShippedAt).Select(x => new ShipmentView(x.Id, x.Carrier, x.TrackingNumber, x.ShippedAt, x.Lines))],
            Timeline(s)))],
        Timeline(order, approvals ?? []));

    /// <summary>The order's steps, with each approval decision (level · approver · reason or change) where the unit's rules asked for one.</summary>
    private static List<TimelineEntry> Timeline(Order order, IReadOnlyList<ApprovalDecision> approvals) => Steps(
        [
            ("Submitted", order.SubmittedAt, null),
            (order.Status == OrderStatus.Rejected ? "Rejected" : "Placed", order.Status == OrderStatus.Rejected ? order.SubmittedAt : order.PlacedAt, null),
            ("Paid", order.PaidAt, null),
            ("Completed", order.CompletedAt, null),
            ("Cancelled", order.CancelledAt, order.CancelReason),
            .. approvals.Select(d => ("Approval" + d.Kind, (DateTime?)d.At, (string?)$"{d.Level} · {d.ActorName}{(d.Detail is null ? "" : " · " + d.Detail)}")),
        ]);

    private static List<TimelineEntry> Timeline(SubOrder subOrder) => Steps(
        [
            ("Accepted", subOrder.AcceptedAt, null),
            .. subOrder.Shipments.Select(s => ("Shipment", (DateTime?)s.ShippedAt, (string?)$"{s.Carrier} {s.TrackingNumber}")),
            ("Delivered", subOrder.DeliveredAt, null),
            ("Completed", subOrder.CompletedAt, null),
            (subOrder.Status == SubOrderStatus.Refused ? "Refused" : "Cancelled", subOrder.ClosedAt, subOrder.RefusalReason),
        ]);

    private static List<TimelineEntry> Steps(params (string Step, DateTime? At, string? Detail)[] steps) =>
        [.. steps.Where(s => s.At is not null).Select(s => new TimelineEntry(s.Step, s.At!.Value, s.Detail)).OrderBy(s => s.At)];
}
