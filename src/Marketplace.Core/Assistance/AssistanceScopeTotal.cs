using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Assistance;

/// <summary>
/// Read model: <see cref="AssistanceTotal"/> for one unit's scope — the unit and every unit that sat below it at the
/// moment of each entry (as <see cref="AssistanceUnitTotal.SubtreeFen"/>). The group's figures are the unscoped
/// <see cref="AssistanceTotal"/> rows, which also count the public's purchases.
/// </summary>
public sealed class AssistanceScopeTotal
{
    private AssistanceScopeTotal()
    {
    }

    public int Year { get; private set; }

    public Guid UnitId { get; private set; }

    public AssistanceDimension Dimension { get; private set; }

    public string DimensionValue { get; private set; } = "";

    public long AmountFen { get; private set; }

    public long Quantity { get; private set; }
}

/// <summary>
/// Read model: which units' scopes an entry counts in (its buyer unit and those above it at the entry's moment), so a
/// unit's figure drills down to exactly the entries behind it without walking the tree's versions at query time.
/// </summary>
public sealed class AssistanceEntryUnit
{
    private AssistanceEntryUnit()
    {
    }

    public Guid UnitId { get; private set; }

    public int Year { get; private set; }

    public Guid EntryId { get; private set; }
}

internal sealed class AssistanceScopeTotalConfiguration : IEntityTypeConfiguration<AssistanceScopeTotal>
{
    public void Configure(EntityTypeBuilder<AssistanceScopeTotal> builder)
    {
        builder.ToTable("assistance_scope_totals");
        builder.HasKey(t => new { t.Year, t.UnitId, t.Dimension, t.DimensionValue });
        builder.Property(t => t.Dimension).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.DimensionValue).HasMaxLength(AssistanceTotal.ValueMaxLength);
    }
}

internal sealed class AssistanceEntryUnitConfiguration : IEntityTypeConfiguration<AssistanceEntryUnit>
{
    public void Configure(EntityTypeBuilder<AssistanceEntryUnit> builder)
    {
        builder.ToTable("assistance_entry_units");
        builder.HasKey(t => new { t.UnitId, t.Year, t.EntryId });
    }
}
