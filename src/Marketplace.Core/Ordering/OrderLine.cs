using Marketplace.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>
/// The catalog's facts about a line when the order service places it; the order keeps them as they were.
/// <paramref name="ReadyBy"/>: the promised date of a SKU made to order (such a line reserves no stock), else null.
/// </summary>
public sealed record PricedLine(
    Guid LineId, Guid SupplierId, Guid ListingId, string CountyCode, ProductCategory Category, string ProductName, string Spec, long UnitPriceFen,
    DateOnly? ReadyBy = null);

/// <summary>One SKU and quantity of an order. Its price is the order service's, never the buyer's.</summary>
public sealed class OrderLine
{
    public const int ProductNameMaxLength = 60;
    public const int SpecMaxLength = 60;

    private OrderLine()
    {
    }

    internal OrderLine(Guid orderId, Guid skuId, int quantity, int position, Guid? deliveryId, DateTime now)
    {
        DeliveryId = deliveryId;
        Id = Guid.CreateVersion7(now);
        OrderId = orderId;
        SkuId = skuId;
        Quantity = quantity;
        Position = position;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public int Position { get; private set; }

    public Guid SkuId { get; private set; }

    public int Quantity { get; private set; }

    public Guid? SubOrderId { get; private set; }

    /// <summary>The <see cref="OrderDelivery"/> this line goes to; none: the order's address.</summary>
    public Guid? DeliveryId { get; private set; }

    public Guid? SupplierId { get; private set; }

    public Guid? ListingId { get; private set; }

    public string? CountyCode { get; private set; }

    public ProductCategory? Category { get; private set; }

    public string ProductName { get; private set; } = "";

    public string Spec { get; private set; } = "";

    /// <summary>The unit price after volume tiers, set when the order is placed.</summary>
    public long UnitPriceFen { get; private set; }

    public long AmountFen { get; private set; }

    public LineRejection? Rejection { get; private set; }

    /// <summary>
    /// 交货期: the China date a made-to-order line was promised ready by, fixed when the order was placed. Such a line
    /// never held stock, so nothing is given back for it either; null: the line's pieces came from stock.
    /// </summary>
    public DateOnly? ReadyBy { get; private set; }

    public bool IsMadeToOrder => ReadyBy is not null;

    /// <summary>Pieces shipped so far (partial shipments add up to <see cref="Quantity"/>).</summary>
    public int ShippedQuantity { get; private set; }

    public int RefundedQuantity { get; private set; }

    public long RefundedFen { get; private set; }

    internal void Price(PricedLine priced, Guid subOrderId)
    {
        SubOrderId = subOrderId;
        SupplierId = priced.SupplierId;
        ListingId = priced.ListingId;
        CountyCode = priced.CountyCode;
        Category = priced.Category;
        ProductName = priced.ProductName;
        Spec = priced.Spec;
        UnitPriceFen = priced.UnitPriceFen;
        AmountFen = checked(priced.UnitPriceFen * Quantity);
    }

    internal void Place(PricedLine priced, Guid subOrderId)
    {
        Price(priced, subOrderId);
        ReadyBy = priced.ReadyBy;
    }

    /// <summary>
    /// An approver's new quantity, priced again from the catalog. The line keeps its sub-order and its promised date, so
    /// whether it holds stock never changes while it lives.
    /// </summary>
    internal void ChangeQuantity(int quantity, PricedLine priced)
    {
        Quantity = quantity;
        Price(priced, SubOrderId!.Value);
    }

    internal void Reject(LineRejection reason) => Rejection = reason;

    internal void Ship(int quantity)
    {
        if (quantity <= 0 || ShippedQuantity + quantity > Quantity)
        {
            throw new OrderRuleException(OrderRule.ShipsMoreThanOrdered, $"Line {Id} has {Quantity - ShippedQuantity} pieces left to ship.");
        }

        ShippedQuantity += quantity;
    }

    internal void Refund(int quantity, long amountFen)
    {
        if (quantity < 0 || RefundedQuantity + quantity > Quantity || amountFen <= 0 || RefundedFen + amountFen > AmountFen)
        {
            throw new OrderRuleException(OrderRule.OutOfRange, $"Line {Id} cannot refund {quantity} pieces or {amountFen} fen more.");
        }

        RefundedQuantity += quantity;
        RefundedFen += amountFen;
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("order_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.CountyCode).HasMaxLength(6).IsFixedLength();
        builder.Property(l => l.Category).HasConversion<string>().HasMaxLength(32);
        builder.Property(l => l.ProductName).HasMaxLength(OrderLine.ProductNameMaxLength);
        builder.Property(l => l.Spec).HasMaxLength(OrderLine.SpecMaxLength);
        builder.Property(l => l.Rejection).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(l => l.OrderId);
        builder.HasIndex(l => l.SubOrderId);
        builder.HasOne<OrderDelivery>().WithMany().HasForeignKey(l => l.DeliveryId).OnDelete(DeleteBehavior.Restrict);
    }
}
