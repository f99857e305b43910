using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>
/// 收货点: one of the addresses a unit order goes to (a workplace or department). Its lines name it, and the supplier's
/// packing list is grouped by it, so one order (one approval, one payment) can serve several places.
/// </summary>
public sealed class OrderDelivery
{
    public const int LabelMaxLength = 40;

    private OrderDelivery()
    {
    }

    internal OrderDelivery(Guid orderId, int position, string label, DeliveryAddress address, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        OrderId = orderId;
        Position = position;
        Label = label;
        Address = address;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public int Position { get; private set; }

    /// <summary>e.g. 总装车间, 职工食堂.</summary>
    public string Label { get; private set; } = "";

    public DeliveryAddress Address { get; private set; } = null!;
}

/// <summary>A delivery place as the buyer asks for it.</summary>
public sealed record DeliveryRequest(string Label, DeliveryAddress Address);

internal sealed class OrderDeliveryConfiguration : IEntityTypeConfiguration<OrderDelivery>
{
    public void Configure(EntityTypeBuilder<OrderDelivery> builder)
    {
        builder.ToTable("order_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Label).HasMaxLength(OrderDelivery.LabelMaxLength);
        builder.ComplexProperty(d => d.Address, address =>
        {
            address.Property(a => a.Recipient).HasMaxLength(DeliveryAddress.RecipientMaxLength);
            address.Property(a => a.Phone).HasMaxLength(DeliveryAddress.PhoneMaxLength);
            address.Property(a => a.Region).HasMaxLength(DeliveryAddress.RegionMaxLength);
            address.Property(a => a.Line).HasMaxLength(DeliveryAddress.LineMaxLength);
            address.Property(a => a.PostalCode).HasMaxLength(DeliveryAddress.PostalCodeMaxLength);
        });
        builder.HasIndex(d => d.OrderId);
    }
}
