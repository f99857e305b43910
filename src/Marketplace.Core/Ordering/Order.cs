using Marketplace.Contracts.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>A buyer's request: what the web host stores before the order service decides.</summary>
public sealed record OrderRequest(
    Guid BuyerUserId,
    Guid? BuyerUnitId,
    OrderChannel Channel,
    FundingSource FundingSource,
    DeliveryAddress Address,
    string? InvoiceTitle,
    string? PoNumber,
    string? Note,
    string? CampaignCode,
    string IdempotencyKey,
    IReadOnlyList<RequestedLine> Lines,
    OrderKind Kind = OrderKind.Standard,
    IReadOnlyList<DeliveryRequest>? Deliveries = null,
    Guid? AgreementId = null);

/// <summary>A SKU and quantity; <paramref name="Delivery"/> is the index of its place in <see cref="OrderRequest.Deliveries"/> (unit orders).</summary>
public sealed record RequestedLine(Guid SkuId, int Quantity, int? Delivery = null);

/// <summary>
/// 订单: one checkout, with one <see cref="SubOrder"/> per supplier once placed. Each transition returns the event the
/// caller adds to the outbox in the same transaction; <see cref="OrderTransitions"/> guards every step.
/// </summary>
public sealed class Order
{
    public const int NumberMaxLength = 20;
    public const int IdempotencyKeyMaxLength = 64;
    public const int InvoiceTitleMaxLength = 100;
    public const int PoNumberMaxLength = 40;
    public const int NoteMaxLength = 500;
    public const int CampaignCodeMaxLength = 32;
    public const int ReasonMaxLength = 500;

    private readonly List<OrderLine> _lines = [];
    private readonly List<SubOrder> _subOrders = [];
    private readonly List<OrderDelivery> _deliveries = [];

    private Order()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>订单号 for people: the China date and eight random digits.</summary>
    public string Number { get; private set; } = "";

    public Guid BuyerUserId { get; private set; }

    /// <summary>The buyer's unit at the moment of ordering (none for the public).</summary>
    public Guid? BuyerUnitId { get; private set; }

    public OrderChannel Channel { get; private set; }

    public OrderKind Kind { get; private set; }

    public FundingSource FundingSource { get; private set; }

    public OrderStatus Status { get; private set; }

    public DeliveryAddress Address { get; private set; } = null!;

    public string? InvoiceTitle { get; private set; }

    public string? PoNumber { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The help-sell campaign the order came through.</summary>
    public string? CampaignCode { get; private set; }

    /// <summary>The framework agreement (采购协议) this call-off order draws on: its lines are priced at the agreement's locked prices.</summary>
    public Guid? AgreementId { get; private set; }

    /// <summary>The buyer's Idempotency-Key: the same key never makes a second order.</summary>
    public string IdempotencyKey { get; private set; } = "";

    /// <summary>A hash of what was asked with <see cref="IdempotencyKey"/>: the same key with a different request is refused.</summary>
    public string RequestHash { get; private set; } = "";

    public long TotalFen { get; private set; }

    public long PaidFen { get; private set; }

    public long RefundedFen { get; private set; }

    public DateTime SubmittedAt { get; private set; }

    public DateTime? PlacedAt { get; private set; }

    /// <summary>When the held stock is released if the order is still waiting for approval or payment.</summary>
    public DateTime? ExpiresAt { get; private set; }

    public DateTime? PaidAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public DateTime? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    public int Revision { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<SubOrder> SubOrders => _subOrders;

    /// <summary>The places a bulk or uniform order goes to; empty for a standard order (its <see cref="Address"/> is the one).</summary>
    public IReadOnlyList<OrderDelivery> Deliveries => _deliveries;

    /// <summary>How many lines an order of this kind may have: unit orders come from spreadsheets.</summary>
    public static int MaxLinesOf(OrderKind kind) => kind == OrderKind.Standard ? OrderingOptions.MaxLines : OrderingOptions.MaxUnitOrderLines;

    public static Order Submit(OrderRequest request, string requestHash, DateTime now, OrderNumbers numbers)
    {
        var maxLines = MaxLinesOf(request.Kind);
        if (request.Lines.Count == 0 || request.Lines.Count > maxLines)
        {
            throw new OrderRuleException(OrderRule.EmptyOrder, $"An order has 1 to {maxLines} lines.");
        }

        var deliveries = request.Deliveries ?? [];
        if (request.Lines.Any(l => l.Quantity is <= 0 or > OrderingOptions.MaxQuantityPerLine || (l.Delivery is { } d && (d < 0 || d >= deliveries.Count)))
            || request.Lines.Select(l => (l.SkuId, l.Delivery)).Distinct().Count() != request.Lines.Count
            || (request.Kind == OrderKind.Standard && (deliveries.Count > 0 || request.Lines.Select(l => l.SkuId).Distinct().Count() != request.Lines.Count)))
        {
            throw new OrderRuleException(OrderRule.OutOfRange, "Each SKU once per delivery place, with a quantity in range.");
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            Number = numbers.Next(now),
            BuyerUserId = request.BuyerUserId,
            BuyerUnitId = request.BuyerUnitId,
            Channel = request.Channel,
            Kind = request.Kind,
            FundingSource = request.FundingSource,
            Address = request.Address,
            InvoiceTitle = request.InvoiceTitle,
            PoNumber = request.PoNumber,
            Note = request.Note,
            CampaignCode = request.CampaignCode,
            AgreementId = request.AgreementId,
            IdempotencyKey = request.IdempotencyKey,
            RequestHash = requestHash,
            Status = OrderStatus.Submitted,
            SubmittedAt = now,
        };
        for (var i = 0; i < deliveries.Count; i++)
        {
            order._deliveries.Add(new OrderDelivery(order.Id, i, deliveries[i].Label, deliveries[i].Address, now));
        }

        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            order._lines.Add(new OrderLine(order.Id, line.SkuId, line.Quantity, i, line.Delivery is { } d ? order._deliveries[d].Id : null, now));
        }

        return order;
    }

    /// <summary>Prices every line, splits the order per supplier and holds it for approval or payment until <paramref name="expiresAt"/>.</summary>
    public OrderPlaced Place(IReadOnlyList<PricedLine> priced, bool needsApproval, DateTime expiresAt, DateTime now)
    {
        var next = needsApproval ? OrderStatus.AwaitingApproval : OrderStatus.AwaitingPayment;
        RequireStatus(OrderStatus.Submitted);
        OrderTransitions.Require(Status, next);
        // Keyed look-ups: a unit order has up to 10,000 lines, so nothing here may be quadratic.
        var lines = _lines.ToDictionary(l => l.Id);
        if (priced.Count != _lines.Count || priced.Select(p => p.LineId).Distinct().Count() != priced.Count || priced.Any(p => !lines.ContainsKey(p.LineId)))
        {
            throw new OrderRuleException(OrderRule.OutOfRange, "Every line must be priced exactly once.");
        }

        foreach (var group in priced.GroupBy(p => p.SupplierId).OrderBy(g => g.Min(p => lines[p.LineId].Position)))
        {
            var subOrder = new SubOrder(Id, $"{Number}-{_subOrders.Count + 1}", group.Key, now);
            _subOrders.Add(subOrder);
            foreach (var line in group)
            {
                var orderLine = lines[line.LineId];
                orderLine.Place(line, subOrder.Id);
                subOrder.AddAmount(orderLine.AmountFen);
            }
        }

        TotalFen = _lines.Sum(l => l.AmountFen);
        Status = next;
        PlacedAt = now;
        ExpiresAt = expiresAt;
        Revision++;
        return new OrderPlaced(Id, Number, TotalFen, needsApproval, now, needsApproval ? null : expiresAt);
    }

    /// <summary>Refuses the order with a reason for each line that could not be taken.</summary>
    public OrderRejected Reject(IReadOnlyDictionary<Guid, LineRejection> reasons, DateTime now)
    {
        OrderTransitions.Require(Status, OrderStatus.Rejected);
        var lines = _lines.ToDictionary(l => l.Id);
        foreach (var (lineId, reason) in reasons)
        {
            lines[lineId].Reject(reason);
        }

        Status = OrderStatus.Rejected;
        Revision++;
        return new OrderRejected(Id, [.. _lines.Where(l => l.Rejection is not null).Select(l => new RejectedLine(l.Id, l.SkuId, l.Rejection!.Value.ToString()))], now);
    }

    /// <summary>The unit's last approval level agreed: the order now waits for payment until <paramref name="paymentDueAt"/>.</summary>
    public OrderApproved Approve(DateTime paymentDueAt, DateTime now)
    {
        RequireStatus(OrderStatus.AwaitingApproval);
        OrderTransitions.Require(Status, OrderStatus.AwaitingPayment);
        Status = OrderStatus.AwaitingPayment;
        ExpiresAt = paymentDueAt;
        Revision++;
        return new OrderApproved(Id, Number, TotalFen, now, paymentDueAt);
    }

    /// <summary>One approval level agreed and more follow: the order still waits, and a racing change is refused by its revision.</summary>
    public void ApproveLevel()
    {
        RequireStatus(OrderStatus.AwaitingApproval);
        Revision++;
    }

    /// <summary>
    /// An approver changes quantities while the order waits: each changed line takes <paramref name="quantities"/>' value and
    /// every line the catalog's price in <paramref name="priced"/>. The caller adjusts the held stock in the same transaction.
    /// </summary>
    public void ChangeQuantities(IReadOnlyDictionary<Guid, int> quantities, IReadOnlyList<PricedLine> priced)
    {
        RequireStatus(OrderStatus.AwaitingApproval);
        if (quantities.Any(q => q.Value is <= 0 or > OrderingOptions.MaxQuantityPerLine || _lines.All(l => l.Id != q.Key))
            || _lines.Any(l => priced.Count(p => p.LineId == l.Id) != 1))
        {
            throw new OrderRuleException(OrderRule.OutOfRange, "Each quantity in range, for a line of this order, and every line priced once.");
        }

        var prices = priced.ToDictionary(p => p.LineId);
        foreach (var subOrder in _subOrders)
        {
            subOrder.ResetAmount();
        }

        foreach (var line in _lines)
        {
            line.ChangeQuantity(quantities.GetValueOrDefault(line.Id, line.Quantity), prices[line.Id]);
            _subOrders.Single(s => s.Id == line.SubOrderId).AddAmount(line.AmountFen);
        }

        TotalFen = _lines.Sum(l => l.AmountFen);
        Revision++;
    }

    /// <summary>Payment in full arrived: the sub-orders go to their suppliers.</summary>
    public OrderPaid MarkPaid(long amountFen, DateTime now, IReadOnlyDictionary<Guid, long>? allowanceByLine = null)
    {
        OrderTransitions.Require(Status, OrderStatus.Paid);
        if (amountFen != TotalFen)
        {
            throw new OrderRuleException(OrderRule.OutOfRange, $"Order {Number} costs {TotalFen} fen, not {amountFen}.");
        }

        PaidFen = amountFen;
        PaidAt = now;
        ExpiresAt = null;
        Status = OrderStatus.Paid;
        foreach (var subOrder in _subOrders)
        {
            subOrder.MoveTo(SubOrderStatus.AwaitingAcceptance, now);
        }

        Revision++;
        return new OrderPaid(
            Id, Number, BuyerUserId, BuyerUnitId, Channel.ToString(), FundingSource.ToString(), CampaignCode, TotalFen, now,
            [.. _lines.Select(l => new PaidLine(
                l.Id, l.SubOrderId!.Value, l.SupplierId!.Value, l.ListingId!.Value, l.SkuId, l.CountyCode!, l.Category!.Value.ToString(),
                l.Quantity, l.UnitPriceFen, l.AmountFen, Math.Min(l.AmountFen, allowanceByLine?.GetValueOrDefault(l.Id) ?? 0)))]);
    }

    /// <summary>Whether the order can still be cancelled: placed and not paid, or paid with nothing shipped.</summary>
    public bool CanCancel => OrderTransitions.Allows(Status, OrderStatus.Cancelled) && !_subOrders.Any(s => OrderTransitions.HasShipped(s.Status));

    /// <summary>
    /// Cancels before shipment. The caller releases the stock of <see cref="Lines"/> in the same transaction; what was
    /// paid is due back (<see cref="OrderCancelled.RefundDueFen"/>).
    /// </summary>
    public OrderCancelled Cancel(string reason, DateTime now)
    {
        OrderTransitions.Require(Status, OrderStatus.Cancelled);
        if (!CanCancel)
        {
            throw new OrderRuleException(OrderRule.AlreadyShipped, $"Order {Number} has shipped goods and cannot be cancelled.");
        }

        var wasPaid = Status == OrderStatus.Paid;
        foreach (var subOrder in _subOrders.Where(s => OrderTransitions.Allows(s.Status, SubOrderStatus.Cancelled)))
        {
            subOrder.MoveTo(SubOrderStatus.Cancelled, now);
        }

        Status = OrderStatus.Cancelled;
        CancelledAt = now;
        CancelReason = reason;
        ExpiresAt = null;
        Revision++;
        return new OrderCancelled(Id, reason, wasPaid, wasPaid ? PaidFen - RefundedFen : 0, now);
    }

    public void AcceptSubOrder(Guid subOrderId, DateTime now)
    {
        RequirePaid();
        SubOrder(subOrderId).MoveTo(SubOrderStatus.Accepted, now);
        Revision++;
    }

    /// <summary>The supplier cannot fulfil its part: its lines are refunded in full.</summary>
    public OrderRefunded RefuseSubOrder(Guid subOrderId, string reason, DateTime now)
    {
        RequirePaid();
        var subOrder = SubOrder(subOrderId);
        subOrder.Refuse(reason, now);
        var refund = RefundLines(_lines.Where(l => l.SubOrderId == subOrderId).Select(l => (l, l.Quantity - l.RefundedQuantity, l.AmountFen - l.RefundedFen)), now);
        CompleteIfDone(now);
        return refund;
    }

    public SubOrderShipped Ship(Guid subOrderId, string carrier, string trackingNumber, IReadOnlyList<ShipmentLine> pieces, DateTime now)
    {
        RequirePaid();
        var subOrder = SubOrder(subOrderId);
        foreach (var piece in pieces)
        {
            var line = _lines.SingleOrDefault(l => l.Id == piece.LineId && l.SubOrderId == subOrderId)
                ?? throw new OrderRuleException(OrderRule.OutOfRange, $"Line {piece.LineId} is not in sub-order {subOrder.Number}.");
            line.Ship(piece.Quantity);
        }

        var complete = _lines.Where(l => l.SubOrderId == subOrderId).All(l => l.ShippedQuantity == l.Quantity);
        var shipment = subOrder.AddShipment(carrier, trackingNumber, pieces, complete, now);
        Revision++;
        return new SubOrderShipped(Id, subOrderId, shipment.Id, carrier, trackingNumber, complete, now);
    }

    public void MarkDelivered(Guid subOrderId, DateTime now)
    {
        SubOrder(subOrderId).MoveTo(SubOrderStatus.Delivered, now);
        Revision++;
    }

    /// <summary>The buyer confirms receipt (or the auto-completion sweep does): the sub-order completes, and with the last one the order.</summary>
    public OrderCompleted? CompleteSubOrder(Guid subOrderId, DateTime now)
    {
        SubOrder(subOrderId).MoveTo(SubOrderStatus.Completed, now);
        Revision++;
        return CompleteIfDone(now);
    }

    /// <summary>An agreed after-sales refund of some pieces of some lines.</summary>
    public OrderRefunded Refund(IReadOnlyList<(Guid LineId, int Quantity, long AmountFen)> parts, DateTime now)
    {
        if (Status is not (OrderStatus.Paid or OrderStatus.Completed))
        {
            throw new OrderRuleException(OrderRule.NotAllowedInStatus, $"Order {Number} is {Status}; only paid orders are refunded.");
        }

        return RefundLines(parts.Select(p => (_lines.SingleOrDefault(l => l.Id == p.LineId)
            ?? throw new OrderRuleException(OrderRule.OutOfRange, $"No line {p.LineId} in order {Number}."), p.Quantity, p.AmountFen)), now);
    }

    private OrderRefunded RefundLines(IEnumerable<(OrderLine Line, int Quantity, long AmountFen)> parts, DateTime now)
    {
        var refunded = new List<RefundedLine>();
        foreach (var (line, quantity, amount) in parts)
        {
            if (amount == 0 && quantity == 0)
            {
                continue;
            }

            line.Refund(quantity, amount);
            refunded.Add(new RefundedLine(line.Id, quantity, amount));
        }

        var total = refunded.Sum(r => r.AmountFen);
        RefundedFen += total;
        Revision++;
        return new OrderRefunded(Id, Guid.CreateVersion7(now), refunded, total, now);
    }

    private OrderCompleted? CompleteIfDone(DateTime now)
    {
        if (Status != OrderStatus.Paid || !_subOrders.All(s => OrderTransitions.IsFinal(s.Status)))
        {
            return null;
        }

        Status = OrderStatus.Completed;
        CompletedAt = now;
        return new OrderCompleted(Id, now);
    }

    private void RequirePaid() => RequireStatus(OrderStatus.Paid);

    private void RequireStatus(OrderStatus status)
    {
        if (Status != status)
        {
            throw new OrderRuleException(OrderRule.NotAllowedInStatus, $"Order {Number} is {Status}, not {status}.");
        }
    }

    private SubOrder SubOrder(Guid id) =>
        _subOrders.SingleOrDefault(s => s.Id == id) ?? throw new OrderRuleException(OrderRule.OutOfRange, $"No sub-order {id} in order {Number}.");
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Number).HasMaxLength(Order.NumberMaxLength);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20).HasDefaultValue(OrderKind.Standard).HasSentinel(OrderKind.Standard);
        builder.Property(o => o.FundingSource).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.InvoiceTitle).HasMaxLength(Order.InvoiceTitleMaxLength);
        builder.Property(o => o.PoNumber).HasMaxLength(Order.PoNumberMaxLength);
        builder.Property(o => o.Note).HasMaxLength(Order.NoteMaxLength);
        builder.Property(o => o.CampaignCode).HasMaxLength(Order.CampaignCodeMaxLength);
        builder.Property(o => o.IdempotencyKey).HasMaxLength(Order.IdempotencyKeyMaxLength);
        builder.Property(o => o.RequestHash).HasMaxLength(64);
        builder.Property(o => o.CancelReason).HasMaxLength(Order.ReasonMaxLength);
        builder.Property(o => o.Revision).IsConcurrencyToken();
        builder.HasIndex(o => new { o.BuyerUserId, o.IdempotencyKey }).IsUnique();
        builder.HasIndex(o => new { o.BuyerUserId, o.SubmittedAt });
        builder.HasIndex(o => new { o.Status, o.ExpiresAt });
        builder.HasIndex(o => o.BuyerUnitId);
        builder.HasIndex(o => o.AgreementId);
        builder.ComplexProperty(o => o.Address, address =>
        {
            address.Property(a => a.Recipient).HasMaxLength(DeliveryAddress.RecipientMaxLength).HasColumnName("address_recipient");
            address.Property(a => a.Phone).HasMaxLength(DeliveryAddress.PhoneMaxLength).HasColumnName("address_phone");
            address.Property(a => a.Region).HasMaxLength(DeliveryAddress.RegionMaxLength).HasColumnName("address_region");
            address.Property(a => a.Line).HasMaxLength(DeliveryAddress.LineMaxLength).HasColumnName("address_line");
            address.Property(a => a.PostalCode).HasMaxLength(DeliveryAddress.PostalCodeMaxLength).HasColumnName("address_postal_code");
        });
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(o => o.SubOrders).WithOne().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.SubOrders).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(o => o.Deliveries).WithOne().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Deliveries).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
