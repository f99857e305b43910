namespace Marketplace.Core.Assistance;

/// <summary>
/// Whose figures: the whole group (<see cref="UnitId"/> null — every entry, the public's included) or one unit with
/// every unit that sat below it at the moment of each entry.
/// </summary>
public sealed record StatisticsScope(Guid? UnitId)
{
    public static readonly StatisticsScope Group = new((Guid?)null);

    public bool IsGroup => UnitId is null;
}

/// <summary>One value of a figure with the name people read (county, supplier or unit name; the value itself otherwise).</summary>
public sealed record FigureRow(string Value, string Label, long AmountFen, long Quantity);

/// <summary>A figure of a year and scope: its rows (largest first, months in calendar order) and their sum.</summary>
public sealed record Figure(int Year, AssistanceDimension Dimension, IReadOnlyList<FigureRow> Rows)
{
    public long TotalFen => Rows.Sum(r => r.AmountFen);
}

/// <summary>A ledger entry as the drill-down lists it.</summary>
public sealed record LedgerEntryRow(
    Guid Id, string OrderNumber, string Kind, DateTime OccurredAt, int Year, int Month, long AmountFen, int Quantity,
    string CountyCode, string CountyName, string Region, string AssistanceType, Guid SupplierId, string SupplierName,
    string Category, Guid? BuyerUnitId, string? BuyerUnitName, string Channel, string FundingSource, string Measure, string? CampaignCode);

public sealed record LedgerPage(int Page, int PageSize, int TotalCount, long TotalFen, IReadOnlyList<LedgerEntryRow> Entries);

/// <summary>The entries behind one figure value: <see cref="Dimension"/> null lists the whole year of the scope.</summary>
public sealed record LedgerFilter(int Year, StatisticsScope Scope, AssistanceDimension? Dimension = null, string? Value = null);
