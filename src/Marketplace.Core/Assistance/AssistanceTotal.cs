using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Assistance;

/// <summary>A way of cutting a year's ledger. Stored by name: renaming a member is a data migration.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssistanceDimension>))]
public enum AssistanceDimension
{
    County,
    Region,
    AssistanceType,
    Channel,
    Measure,
    FundingSource,
    Supplier,
    Category,

    /// <summary>China-time month, "01" to "12".</summary>
    Month,

    /// <summary>Only entries that came through a campaign.</summary>
    Campaign,
}

/// <summary>
/// Read model: the ledger's net amount and quantity for one year and one value of one dimension (e.g. 2021 ×
/// County × 532627). Kept by <see cref="AssistanceProjection"/> in the transaction that writes the entries.
/// </summary>
public sealed class AssistanceTotal
{
    public const int ValueMaxLength = 64;

    private AssistanceTotal()
    {
    }

    public int Year { get; private set; }

    public AssistanceDimension Dimension { get; private set; }

    /// <summary>The county code, the enum name, the supplier id ("D" format, lower case), the two-digit month or the campaign code.</summary>
    public string DimensionValue { get; private set; } = "";

    public long AmountFen { get; private set; }

    public long Quantity { get; private set; }
}

/// <summary>
/// Read model: a unit's year. <see cref="DirectFen"/> is what was bought as this unit; <see cref="SubtreeFen"/> adds
/// every unit that sat below it in the tree at the moment of each entry (the group's row covers every unit).
/// </summary>
public sealed class AssistanceUnitTotal
{
    private AssistanceUnitTotal()
    {
    }

    public int Year { get; private set; }

    public Guid UnitId { get; private set; }

    public long DirectFen { get; private set; }

    public long DirectQuantity { get; private set; }

    public long SubtreeFen { get; private set; }

    public long SubtreeQuantity { get; private set; }
}

internal sealed class AssistanceTotalConfiguration : IEntityTypeConfiguration<AssistanceTotal>
{
    public void Configure(EntityTypeBuilder<AssistanceTotal> builder)
    {
        builder.ToTable("assistance_totals");
        builder.HasKey(t => new { t.Year, t.Dimension, t.DimensionValue });
        builder.Property(t => t.Dimension).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.DimensionValue).HasMaxLength(AssistanceTotal.ValueMaxLength);
    }
}

internal sealed class AssistanceUnitTotalConfiguration : IEntityTypeConfiguration<AssistanceUnitTotal>
{
    public void Configure(EntityTypeBuilder<AssistanceUnitTotal> builder)
    {
        builder.ToTable("assistance_unit_totals");
        builder.HasKey(t => new { t.Year, t.UnitId });
        builder.HasIndex(t => new { t.Year, t.SubtreeFen });
    }
}
