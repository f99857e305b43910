using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>One parcel of a sub-order: carrier, tracking number and the pieces of each line in it.</summary>
public sealed class Shipment
{
    public const int CarrierMaxLength = 40;
    public const int TrackingNumberMaxLength = 40;

    private Shipment()
    {
    }

    internal Shipment(Guid subOrderId, string carrier, string trackingNumber, IReadOnlyList<ShipmentLine> lines, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        SubOrderId = subOrderId;
        Carrier = carrier;
        TrackingNumber = trackingNumber;
        Lines = [.. lines];
        ShippedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid SubOrderId { get; private set; }

    public string Carrier { get; private set; } = "";

    public string TrackingNumber { get; private set; } = "";

    public List<ShipmentLine> Lines { get; private set; } = [];

    public DateTime ShippedAt { get; private set; }
}

/// <summary>Pieces of one order line in a shipment.</summary>
public sealed record ShipmentLine(Guid LineId, int Quantity);

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("shipments");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Carrier).HasMaxLength(Shipment.CarrierMaxLength);
        builder.Property(s => s.TrackingNumber).HasMaxLength(Shipment.TrackingNumberMaxLength);
        builder.OwnsMany(s => s.Lines, lines =>
        {
            lines.ToTable("shipment_lines");
            lines.WithOwner().HasForeignKey("ShipmentId");
            lines.Property<int>("Id");
            lines.HasKey("Id");
        });
        builder.HasIndex(s => s.SubOrderId);
    }
}
