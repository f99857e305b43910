using System.Text.Json.Serialization;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Assistance;

/// <summary>口径: whose money paid decides how a purchase is reported (DOMAIN.md rule 4).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssistanceMeasure>))]
public enum AssistanceMeasure
{
    /// <summary>直接采购: the group's money — unit procurement funds, union funds, welfare allowances the units granted.</summary>
    DirectPurchase,

    /// <summary>帮助销售: people's own money through the group's channels.</summary>
    HelpSell,
}

/// <summary>渠道 as the ledger counts it: an employee's order paid from a welfare allowance is the welfare channel.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LedgerChannel>))]
public enum LedgerChannel
{
    UnitCollective,
    EmployeePersonal,
    Welfare,
    Public,
}

[JsonConverter(typeof(JsonStringEnumConverter<EntryKind>))]
public enum EntryKind
{
    Purchase,
    Refund,
    Cancellation,
}

/// <summary>
/// 帮扶台账: one row per paid order line, and a negative row for each refund or cancellation after payment. Rows are
/// only ever added: never edited, never deleted. Each carries every dimension a report groups by, as it was when the
/// money moved, so totals never depend on a catalog or a unit tree that changed since.
/// </summary>
public sealed class AssistanceEntry
{
    private AssistanceEntry()
    {
    }

    public Guid Id { get; private set; }

    public EntryKind Kind { get; private set; }

    /// <summary>The event that caused it (the order for a purchase or a cancellation, the refund for a refund): with the line, unique.</summary>
    public Guid SourceId { get; private set; }

    public Guid OrderId { get; private set; }

    public string OrderNumber { get; private set; } = "";

    public Guid LineId { get; private set; }

    /// <summary>Signed: negative for refunds and cancellations.</summary>
    public long AmountFen { get; private set; }

    public int Quantity { get; private set; }

    public DateTime OccurredAt { get; private set; }

    /// <summary>China-time year and month (DOMAIN.md rule 6).</summary>
    public int Year { get; private set; }

    public int Month { get; private set; }

    public string CountyCode { get; private set; } = "";

    public AssistedRegion Region { get; private set; }

    public AssistanceType AssistanceType { get; private set; }

    public Guid SupplierId { get; private set; }

    public ProductCategory Category { get; private set; }

    public Guid BuyerUserId { get; private set; }

    /// <summary>The buyer's unit when the order was placed; none for the public.</summary>
    public Guid? BuyerUnitId { get; private set; }

    public LedgerChannel Channel { get; private set; }

    public FundingSource FundingSource { get; private set; }

    public AssistanceMeasure Measure { get; private set; }

    public string? CampaignCode { get; private set; }

    public static AssistanceMeasure MeasureOf(FundingSource funding) =>
        funding == FundingSource.Personal ? AssistanceMeasure.HelpSell : AssistanceMeasure.DirectPurchase;

    public static LedgerChannel ChannelOf(OrderChannel channel, FundingSource funding) => channel switch
    {
        // A welfare campaign's order is placed by the unit but paid from the allowance it grants its employees.
        OrderChannel.UnitCollective when funding == FundingSource.WelfareAllowance => LedgerChannel.Welfare,
        OrderChannel.UnitCollective => LedgerChannel.UnitCollective,
        OrderChannel.EmployeePersonal when funding == FundingSource.WelfareAllowance => LedgerChannel.Welfare,
        OrderChannel.EmployeePersonal => LedgerChannel.EmployeePersonal,
        _ => LedgerChannel.Public,
    };

    /// <summary>
    /// A paid line as the ledger counts it: the part a welfare allowance paid is the group's money (直接采购, welfare
    /// channel), the rest is the order's own funding — personal when the order was placed as allowance-funded. A
    /// mixed line is two rows, exact to the fen; the line's quantity stays on the row of the rest.
    /// </summary>
    public static IReadOnlyList<LedgerLine> Funded(LedgerLine line, long allowanceFen)
    {
        if (allowanceFen <= 0)
        {
            return [line];
        }

        var rest = line.AmountFen - allowanceFen;
        var welfare = line with { AmountFen = Math.Min(allowanceFen, line.AmountFen), FundingSource = FundingSource.WelfareAllowance, Quantity = rest > 0 ? 0 : line.Quantity };
        if (rest <= 0)
        {
            return [welfare];
        }

        var own = line.FundingSource == FundingSource.WelfareAllowance ? FundingSource.Personal : line.FundingSource;
        return [welfare, line with { AmountFen = rest, FundingSource = own }];
    }

    public static AssistanceEntry Purchase(LedgerLine line, County county, DateTime paidAt) =>
        Create(EntryKind.Purchase, line.OrderId, line, county, line.AmountFen, line.Quantity, paidAt);

    /// <summary>The negative of part of a purchase: <paramref name="amountFen"/> and <paramref name="quantity"/> are given positive.</summary>
    public static AssistanceEntry Reversal(EntryKind kind, Guid sourceId, AssistanceEntry purchase, long amountFen, int quantity, DateTime at)
    {
        if (kind == EntryKind.Purchase || amountFen <= 0 || quantity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amountFen), "A reversal takes back a positive amount.");
        }

        var entry = (AssistanceEntry)purchase.MemberwiseClone();
        entry.Id = Guid.CreateVersion7(at);
        entry.Kind = kind;
        entry.SourceId = sourceId;
        entry.AmountFen = -amountFen;
        entry.Quantity = -quantity;
        entry.Stamp(at);
        return entry;
    }

    private static AssistanceEntry Create(EntryKind kind, Guid sourceId, LedgerLine line, County county, long amountFen, int quantity, DateTime at)
    {
        var entry = new AssistanceEntry
        {
            Id = Guid.CreateVersion7(at),
            Kind = kind,
            SourceId = sourceId,
            OrderId = line.OrderId,
            OrderNumber = line.OrderNumber,
            LineId = line.LineId,
            AmountFen = amountFen,
            Quantity = quantity,
            CountyCode = county.Code,
            Region = county.Region,
            AssistanceType = county.AssistanceType,
            SupplierId = line.SupplierId,
            Category = line.Category,
            BuyerUserId = line.BuyerUserId,
            BuyerUnitId = line.BuyerUnitId,
            Channel = ChannelOf(line.Channel, line.FundingSource),
            FundingSource = line.FundingSource,
            Measure = MeasureOf(line.FundingSource),
            CampaignCode = line.CampaignCode,
        };
        entry.Stamp(at);
        return entry;
    }

    private void Stamp(DateTime at)
    {
        OccurredAt = at;
        var date = Suppliers.ChinaCalendar.DateOf(at);
        Year = date.Year;
        Month = date.Month;
    }
}

/// <summary>What the ledger needs of one paid order line.</summary>
public sealed record LedgerLine(
    Guid OrderId, string OrderNumber, Guid LineId, Guid SupplierId, ProductCategory Category, int Quantity, long AmountFen,
    Guid BuyerUserId, Guid? BuyerUnitId, OrderChannel Channel, FundingSource FundingSource, string? CampaignCode);

internal sealed class AssistanceEntryConfiguration : IEntityTypeConfiguration<AssistanceEntry>
{
    public void Configure(EntityTypeBuilder<AssistanceEntry> builder)
    {
        builder.ToTable("assistance_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.OrderNumber).HasMaxLength(Order.NumberMaxLength);
        builder.Property(e => e.CountyCode).HasMaxLength(County.CodeLength).IsFixedLength();
        builder.Property(e => e.Region).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.AssistanceType).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Category).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.FundingSource).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Measure).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.CampaignCode).HasMaxLength(Order.CampaignCodeMaxLength);
        // A second copy of an event (even under a new message id) adds nothing.
        // A line paid partly from an allowance has a row per funding source.
        builder.HasIndex(e => new { e.LineId, e.Kind, e.SourceId, e.FundingSource }).IsUnique();
        builder.HasIndex(e => new { e.Year, e.Month });
        builder.HasIndex(e => new { e.Year, e.CountyCode });
        builder.HasIndex(e => new { e.Year, e.BuyerUnitId });
        builder.HasIndex(e => e.OrderId);
        builder.HasIndex(e => e.CampaignCode);
        builder.HasIndex(e => new { e.Year, e.BuyerUserId });
    }
}
