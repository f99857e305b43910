using System.Data.Common;
using System.Globalization;
using Dapper;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;

namespace Marketplace.Core.Assistance;

/// <summary>
/// The dashboard's and the API's figures for a year and a scope, read with Dapper from the read models (the group
/// from <c>assistance_totals</c>, a unit from <c>assistance_scope_totals</c>), and the ledger entries behind any of
/// them. Same SQL on SQLite and PostgreSQL.
/// </summary>
public sealed class AssistanceStatistics(ReadConnections connections, AssistanceQueries queries)
{
    public const int MaxPageSize = 200;

    public async Task<Figure> FigureAsync(int year, StatisticsScope scope, AssistanceDimension dimension, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var sql = scope.IsGroup
            ? "SELECT dimension_value AS Value, amount_fen AS AmountFen, quantity AS Quantity FROM assistance_totals WHERE year = @year AND dimension = @dimension"
            : "SELECT dimension_value AS Value, amount_fen AS AmountFen, quantity AS Quantity FROM assistance_scope_totals WHERE year = @year AND unit_id = @unitId AND dimension = @dimension";
        var rows = (await connection.QueryAsync<ValueRow>(new CommandDefinition(
            sql, new { year, unitId = scope.UnitId, dimension = dimension.ToString() }, cancellationToken: cancellationToken))).ToList();
        var labels = await LabelsAsync(connection, dimension, cancellationToken);
        var figure = rows.Select(r => new FigureRow(r.Value, labels.GetValueOrDefault(r.Value, r.Value), r.AmountFen, r.Quantity));
        if (dimension == AssistanceDimension.Month)
        {
            var byMonth = figure.ToDictionary(r => r.Value);
            return new Figure(year, dimension, [.. Enumerable.Range(1, 12).Select(AssistanceProjection.MonthValue)
                .Select(m => byMonth.GetValueOrDefault(m) ?? new FigureRow(m, m, 0, 0))]);
        }

        return new Figure(year, dimension, [.. figure.OrderByDescending(r => r.AmountFen).ThenBy(r => r.Value, StringComparer.Ordinal)]);
    }

    /// <summary>The scope's unit (or the group) and every unit below it today, each with its year.</summary>
    public Task<IReadOnlyList<UnitTotal>> UnitsAsync(int year, Guid scopeUnitId, CancellationToken cancellationToken = default) =>
        queries.SubtreeAsync(year, scopeUnitId, cancellationToken);

    /// <summary>The units directly below the scope's unit (or the group) today, ranked by their rolled-up year.</summary>
    public Task<IReadOnlyList<LeaderboardRow>> LeaderboardAsync(int year, Guid scopeUnitId, int top = 20, CancellationToken cancellationToken = default) =>
        queries.LeaderboardAsync(year, scopeUnitId, top, cancellationToken);

    public Task<BeneficiaryReport> BeneficiariesAsync(int year, StatisticsScope scope, CancellationToken cancellationToken = default) =>
        queries.BeneficiariesAsync(year, scope.UnitId, cancellationToken);

    /// <summary>A page of the entries behind a figure value, oldest first, with their count and net sum.</summary>
    public async Task<LedgerPage> EntriesAsync(LedgerFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 1);
        var (where, parameters) = Where(filter);
        parameters.Add("take", pageSize);
        parameters.Add("skip", (page - 1) * pageSize);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var summary = await connection.QuerySingleAsync<SummaryRow>(new CommandDefinition(
            $"SELECT COUNT(*) AS Count, CAST(COALESCE(SUM(e.amount_fen), 0) AS BIGINT) AS AmountFen FROM {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition($"""
            SELECT {EntryColumns} FROM {where}
            ORDER BY e.occurred_at, e.id LIMIT @take OFFSET @skip
            """, parameters, cancellationToken: cancellationToken));
        return new LedgerPage(page, pageSize, (int)summary.Count, summary.AmountFen, [.. rows.Select(r => r.ToRow())]);
    }

    /// <summary>Every entry behind a figure value, oldest first (for exports).</summary>
    public async Task<IReadOnlyList<LedgerEntryRow>> AllEntriesAsync(LedgerFilter filter, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(
            $"SELECT {EntryColumns} FROM {where} ORDER BY e.occurred_at, e.id", parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRow())];
    }

    /// <summary>The year's ledger of the scope summed by the report's dimensions: straight from the entries, not the read model.</summary>
    public async Task<IReadOnlyList<LedgerSlice>> SlicesAsync(int year, StatisticsScope scope, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(new LedgerFilter(year, scope));
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SliceRow>(new CommandDefinition($"""
            SELECT e.measure AS Measure, e.region AS Region, e.assistance_type AS AssistanceType, e.category AS Category, e.county_code AS CountyCode,
                   e.month AS Month, CAST(SUM(e.amount_fen) AS BIGINT) AS AmountFen, CAST(SUM(e.quantity) AS BIGINT) AS Quantity
            FROM {where}
            GROUP BY e.measure, e.region, e.assistance_type, e.category, e.county_code, e.month
            """, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new LedgerSlice(
            Enum.Parse<AssistanceMeasure>(r.Measure), Enum.Parse<AssistedRegion>(r.Region), Enum.Parse<AssistanceType>(r.AssistanceType),
            Enum.Parse<ProductCategory>(r.Category), r.CountyCode.Trim(), r.Month, r.AmountFen, r.Quantity))];
    }

    /// <summary>Whether <paramref name="value"/> can be a value of <paramref name="dimension"/> (a drill-down filter).</summary>
    public static bool IsValidValue(AssistanceDimension dimension, string? value) => value is { Length: > 0 and <= AssistanceTotal.ValueMaxLength } && dimension switch
    {
        AssistanceDimension.County => value.Length == County.CodeLength && value.All(char.IsAsciiDigit),
        AssistanceDimension.Region => Named<AssistedRegion>(value),
        AssistanceDimension.AssistanceType => Named<AssistanceType>(value),
        AssistanceDimension.Channel => Named<LedgerChannel>(value),
        AssistanceDimension.Measure => Named<AssistanceMeasure>(value),
        AssistanceDimension.FundingSource => Named<FundingSource>(value),
        AssistanceDimension.Supplier => Guid.TryParse(value, out _),
        AssistanceDimension.Category => Named<ProductCategory>(value),
        AssistanceDimension.Month => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12,
        AssistanceDimension.Campaign => true,
        _ => false,
    };

    private static bool Named<T>(string value)
        where T : struct, Enum => Enum.GetNames<T>().Contains(value, StringComparer.Ordinal);

    private const string EntryColumns = """
        e.id AS Id, e.order_number AS OrderNumber, e.kind AS Kind, e.occurred_at AS OccurredAt, e.year AS Year, e.month AS Month,
        e.amount_fen AS AmountFen, e.quantity AS Quantity, e.county_code AS CountyCode, COALESCE(c.name, e.county_code) AS CountyName,
        e.region AS Region, e.assistance_type AS AssistanceType, e.supplier_id AS SupplierId, COALESCE(s.name, '') AS SupplierName,
        e.category AS Category, e.buyer_unit_id AS BuyerUnitId, u.name AS BuyerUnitName, e.channel AS Channel,
        e.funding_source AS FundingSource, e.measure AS Measure, e.campaign_code AS CampaignCode
        """;

    private static (string Sql, DynamicParameters Parameters) Where(LedgerFilter filter)
    {
        var parameters = new DynamicParameters(new { year = filter.Year });
        var scope = "";
        if (filter.Scope.UnitId is { } unitId)
        {
            scope = "JOIN assistance_entry_units x ON x.entry_id = e.id AND x.unit_id = @unitId AND x.year = @year";
            parameters.Add("unitId", unitId);
        }

        var condition = "";
        if (filter.Dimension is { } dimension)
        {
            if (!IsValidValue(dimension, filter.Value))
            {
                throw new ArgumentException($"'{filter.Value}' is not a value of {dimension}.", nameof(filter));
            }

            var (column, value) = dimension switch
            {
                AssistanceDimension.County => ("e.county_code", (object)filter.Value!),
                AssistanceDimension.Region => ("e.region", filter.Value!),
                AssistanceDimension.AssistanceType => ("e.assistance_type", filter.Value!),
                AssistanceDimension.Channel => ("e.channel", filter.Value!),
                AssistanceDimension.Measure => ("e.measure", filter.Value!),
                AssistanceDimension.FundingSource => ("e.funding_source", filter.Value!),
                AssistanceDimension.Supplier => ("e.supplier_id", Guid.Parse(filter.Value!)),
                AssistanceDimension.Category => ("e.category", filter.Value!),
                AssistanceDimension.Month => ("e.month", int.Parse(filter.Value!, CultureInfo.InvariantCulture)),
                _ => ("e.campaign_code", filter.Value!),
            };
            condition = $"AND {column} = @value";
            parameters.Add("value", value);
        }

        return ($"""
            assistance_entries e {scope}
            LEFT JOIN counties c ON c.code = e.county_code
            LEFT JOIN organizations s ON s.id = e.supplier_id
            LEFT JOIN organizations u ON u.id = e.buyer_unit_id
            WHERE e.year = @year {condition}
            """, parameters);
    }

    private static async Task<Dictionary<string, string>> LabelsAsync(DbConnection connection, AssistanceDimension dimension, CancellationToken cancellationToken)
    {
        switch (dimension)
        {
            case AssistanceDimension.County:
                var counties = await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition("SELECT code, name FROM counties", cancellationToken: cancellationToken));
                return counties.ToDictionary(c => c.Code.Trim(), c => c.Name);
            case AssistanceDimension.Supplier:
                var suppliers = await connection.QueryAsync<NameRow>(new CommandDefinition(
                    "SELECT id AS Id, name AS Name FROM organizations WHERE kind = @kind", new { kind = nameof(OrganizationKind.Supplier) }, cancellationToken: cancellationToken));
                return suppliers.ToDictionary(s => AssistanceProjection.SupplierValue(s.Id), s => s.Name);
            default:
                return [];
        }
    }

    private sealed class ValueRow
    {
        public string Value { get; set; } = "";
        public long AmountFen { get; set; }
        public long Quantity { get; set; }
    }

    private sealed class NameRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
    }

    private sealed class SummaryRow
    {
        public long Count { get; set; }
        public long AmountFen { get; set; }
    }

    private sealed class SliceRow
    {
        public string Measure { get; set; } = "";
        public string Region { get; set; } = "";
        public string AssistanceType { get; set; } = "";
        public string Category { get; set; } = "";
        public string CountyCode { get; set; } = "";
        public int Month { get; set; }
        public long AmountFen { get; set; }
        public long Quantity { get; set; }
    }

    private sealed class EntryRow
    {
        public Guid Id { get; set; }
        public string OrderNumber { get; set; } = "";
        public string Kind { get; set; } = "";
        public DateTime OccurredAt { get; set; }
        public int Year { get; set; }
        public int Month { get; set; }
        public long AmountFen { get; set; }
        public int Quantity { get; set; }
        public string CountyCode { get; set; } = "";
        public string CountyName { get; set; } = "";
        public string Region { get; set; } = "";
        public string AssistanceType { get; set; } = "";
        public Guid SupplierId { get; set; }
        public string SupplierName { get; set; } = "";
        public string Category { get; set; } = "";
        public Guid? BuyerUnitId { get; set; }
        public string? BuyerUnitName { get; set; }
        public string Channel { get; set; } = "";
        public string FundingSource { get; set; } = "";
        public string Measure { get; set; } = "";
        public string? CampaignCode { get; set; }

        public LedgerEntryRow ToRow() => new(
            Id, OrderNumber, Kind, OccurredAt, Year, Month, AmountFen, Quantity, CountyCode.Trim(), CountyName, Region, AssistanceType,
            SupplierId, SupplierName, Category, BuyerUnitId, BuyerUnitName, Channel, FundingSource, Measure, CampaignCode);
    }
}

/// <summary>The ledger's net for one combination of the dimensions the annual report reads.</summary>
public sealed record LedgerSlice(
    AssistanceMeasure Measure, AssistedRegion Region, AssistanceType AssistanceType, ProductCategory Category, string CountyCode, int Month, long AmountFen, long Quantity);
