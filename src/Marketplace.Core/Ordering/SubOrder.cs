using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>子订单: the part of an order one supplier fulfils. Changed only through its <see cref="Order"/>.</summary>
public sealed class SubOrder
{
    public const int ReasonMaxLength = 500;

    private readonly List<Shipment> _shipments = [];

    private SubOrder()
    {
    }

    internal SubOrder(Guid orderId, string number, Guid supplierId, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        OrderId = orderId;
        Number = number;
        SupplierId = supplierId;
        Status = SubOrderStatus.Pending;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    /// <summary>The order number with the sub-order's place, e.g. 20210901-48213377-2.</summary>
    public string Number { get; private set; } = "";

    public Guid SupplierId { get; private set; }

    public SubOrderStatus Status { get; private set; }

    public long AmountFen { get; private set; }

    public DateTime? AcceptedAt { get; private set; }

    public DateTime? ShippedAt { get; private set; }

    public DateTime? DeliveredAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    /// <summary>When it was refused by the supplier or cancelled with its order.</summary>
    public DateTime? ClosedAt { get; private set; }

    /// <summary>Why the supplier refused it.</summary>
    public string? RefusalReason { get; private set; }

    public IReadOnlyList<Shipment> Shipments => _shipments;

    internal void AddAmount(long amountFen) => AmountFen = checked(AmountFen + amountFen);

    internal void ResetAmount() => AmountFen = 0;

    internal void MoveTo(SubOrderStatus status, DateTime now)
    {
        OrderTransitions.Require(Status, status);
        Status = status;
        switch (status)
        {
            case SubOrderStatus.Accepted:
                AcceptedAt = now;
                break;
            case SubOrderStatus.Shipped:
                ShippedAt = now;
                break;
            case SubOrderStatus.Delivered:
                DeliveredAt = now;
                break;
            case SubOrderStatus.Completed:
                CompletedAt = now;
                break;
            case SubOrderStatus.Refused or SubOrderStatus.Cancelled:
                ClosedAt = now;
                break;
        }
    }

    internal void Refuse(string reason, DateTime now)
    {
        MoveTo(SubOrderStatus.Refused, now);
        RefusalReason = reason;
    }

    internal Shipment AddShipment(string carrier, string trackingNumber, IReadOnlyList<ShipmentLine> lines, bool complete, DateTime now)
    {
        MoveTo(complete ? SubOrderStatus.Shipped : SubOrderStatus.PartiallyShipped, now);
        var shipment = new Shipment(Id, carrier, trackingNumber, lines, now);
        _shipments.Add(shipment);
        return shipment;
    }
}

internal sealed class SubOrderConfiguration : IEntityTypeConfiguration<SubOrder>
{
    public void Configure(EntityTypeBuilder<SubOrder> builder)
    {
        builder.ToTable("sub_orders");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Number).HasMaxLength(Order.NumberMaxLength + 4);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.RefusalReason).HasMaxLength(SubOrder.ReasonMaxLength);
        builder.HasIndex(s => new { s.SupplierId, s.Status });
        builder.HasIndex(s => s.OrderId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.SupplierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Shipments).WithOne().HasForeignKey(s => s.SubOrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Shipments).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
