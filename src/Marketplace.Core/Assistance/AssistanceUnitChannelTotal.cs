using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Assistance;

/// <summary>
/// Read model: a unit's rolled-up year split by channel and measure, so that a target counting only some of them
/// (<see cref="TargetRule"/>) is read, not summed from the ledger. Rolled up like
/// <see cref="AssistanceUnitTotal.SubtreeFen"/>: through the tree as it stood at each entry's moment.
/// </summary>
public sealed class AssistanceUnitChannelTotal
{
    private AssistanceUnitChannelTotal()
    {
    }

    public int Year { get; private set; }

    public Guid UnitId { get; private set; }

    public LedgerChannel Channel { get; private set; }

    public AssistanceMeasure Measure { get; private set; }

    public long SubtreeFen { get; private set; }
}

internal sealed class AssistanceUnitChannelTotalConfiguration : IEntityTypeConfiguration<AssistanceUnitChannelTotal>
{
    public void Configure(EntityTypeBuilder<AssistanceUnitChannelTotal> builder)
    {
        builder.ToTable("assistance_unit_channel_totals");
        builder.HasKey(t => new { t.Year, t.UnitId, t.Channel, t.Measure });
        builder.Property(t => t.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Measure).HasConversion<string>().HasMaxLength(16);
    }
}
