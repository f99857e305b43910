using System.Globalization;
using System.Text;
using Marketplace.Core.Assistance;
using MiniExcelLibs;

namespace Marketplace.Web.Statistics;

/// <summary>
/// The export of a year and scope: the report's sentences and figures, one sheet per figure and the ledger entries
/// behind them all, as one xlsx or one sheet as CSV. Headers are bilingual; amounts are given in fen (exact) and yuan.
/// </summary>
public sealed class StatisticsSheets(AssistanceStatistics statistics, StatisticsReports reports)
{
    public const string ReportSheet = "Report";
    public const string UnitsSheet = "Units";
    public const string LeaderboardSheet = "Leaderboard";
    public const string BeneficiariesSheet = "Beneficiaries";
    public const string EntriesSheet = "Entries";

    public static readonly IReadOnlyList<string> Names =
        [ReportSheet, .. Enum.GetNames<AssistanceDimension>(), UnitsSheet, LeaderboardSheet, BeneficiariesSheet, EntriesSheet];

    public async Task<byte[]> XlsxAsync(int year, ResolvedScope scope, CancellationToken cancellationToken)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var name in Names)
        {
            sheets[name] = await SheetAsync(name, year, scope, new LedgerFilter(year, scope.Scope), cancellationToken);
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    public async Task<byte[]> CsvAsync(string sheet, int year, ResolvedScope scope, LedgerFilter entries, CancellationToken cancellationToken)
    {
        var rows = await SheetAsync(Names.First(n => string.Equals(n, sheet, StringComparison.OrdinalIgnoreCase)), year, scope, entries, cancellationToken);
        var text = new StringBuilder();
        if (rows.Count > 0)
        {
            text.AppendJoin(',', rows[0].Keys.Select(Field)).Append("\r\n");
        }

        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Values.Select(v => Field(Convert.ToString(v, CultureInfo.InvariantCulture)))).Append("\r\n");
        }

        // With a byte-order mark, so that spreadsheet programs read the Chinese as UTF-8.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private async Task<List<Dictionary<string, object?>>> SheetAsync(string name, int year, ResolvedScope scope, LedgerFilter entries, CancellationToken cancellationToken)
    {
        if (StatisticsQuery.DimensionOf(name) is { } dimension)
        {
            var figure = await statistics.FigureAsync(year, scope.Scope, dimension, cancellationToken);
            return [.. figure.Rows.Select(r => Row(("值 Value", r.Value), ("名称 Label", r.Label), ("金额(分) AmountFen", r.AmountFen), ("金额(元) AmountYuan", Yuan(r.AmountFen)), ("数量 Quantity", r.Quantity)))];
        }

        switch (name)
        {
            case ReportSheet:
                var report = await reports.BuildAsync(year, scope, cancellationToken);
                var chinese = report.Chinese();
                var english = report.English();
                return [.. report.SentenceFigures.SelectMany((figures, i) => figures.Count == 0
                    ? [Row(("项目 Figure", nameof(report.Beneficiaries)), ("中文 Chinese", chinese[i]), ("English", english[i]), ("金额(分) AmountFen", null), ("万元 Wan", null))]
                    : figures.Select(f => Row(("项目 Figure", f.Key), ("中文 Chinese", chinese[i]), ("English", english[i]), ("金额(分) AmountFen", f.AmountFen), ("万元 Wan", f.Wan))))];
            case UnitsSheet:
                var units = await statistics.UnitsAsync(year, scope.UnitId, cancellationToken);
                return [.. units.Select(u => Row(("单位 UnitId", u.UnitId.ToString()), ("名称 Name", u.Name), ("上级 ParentId", u.ParentId?.ToString()), ("层级 Depth", u.Depth),
                    ("本单位(分) DirectFen", u.DirectFen), ("含下级(分) SubtreeFen", u.SubtreeFen), ("含下级(元) SubtreeYuan", Yuan(u.SubtreeFen)), ("数量 SubtreeQuantity", u.SubtreeQuantity)))];
            case LeaderboardSheet:
                var board = await statistics.LeaderboardAsync(year, scope.UnitId, 100, cancellationToken);
                return [.. board.Select(b => Row(("名次 Rank", b.Rank), ("单位 UnitId", b.UnitId.ToString()), ("名称 Name", b.Name), ("金额(分) SubtreeFen", b.SubtreeFen), ("金额(元) SubtreeYuan", Yuan(b.SubtreeFen))))];
            case BeneficiariesSheet:
                var beneficiaries = await statistics.BeneficiariesAsync(year, scope.Scope, cancellationToken);
                return [.. beneficiaries.Counties.Select(c => Beneficiary(c.CountyCode, c.CountyName, c.Beneficiaries)), Beneficiary("", scope.Name, beneficiaries.Group)];
            default:
                var rows = await statistics.AllEntriesAsync(entries, cancellationToken);
                return [.. rows.Select(Entry)];
        }
    }

    private static Dictionary<string, object?> Beneficiary(string code, string name, Beneficiaries b) => Row(
        ("县 CountyCode", code), ("名称 Name", name), ("供应商 Suppliers", b.Suppliers), ("户 Households", b.Households), ("人 People", b.People),
        ("脱贫户(人) PovertyAlleviatedPeople", b.PovertyAlleviatedPeople), ("残疾人 DisabledPeople", b.DisabledPeople), ("未申报 SuppliersWithoutLinkage", b.SuppliersWithoutLinkage));

    private static Dictionary<string, object?> Entry(LedgerEntryRow e) => Row(
        ("订单号 OrderNumber", e.OrderNumber), ("类型 Kind", e.Kind), ("时间(UTC) OccurredAt", e.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
        ("年 Year", e.Year), ("月 Month", e.Month), ("金额(分) AmountFen", e.AmountFen), ("金额(元) AmountYuan", Yuan(e.AmountFen)), ("数量 Quantity", e.Quantity),
        ("县 CountyCode", e.CountyCode), ("县名 County", e.CountyName), ("地区 Region", e.Region), ("帮扶类型 AssistanceType", e.AssistanceType),
        ("供应商 Supplier", e.SupplierName), ("类目 Category", e.Category), ("单位 BuyerUnit", e.BuyerUnitName ?? ""), ("渠道 Channel", e.Channel),
        ("资金来源 FundingSource", e.FundingSource), ("口径 Measure", e.Measure), ("活动 Campaign", e.CampaignCode ?? ""), ("台账 EntryId", e.Id.ToString()));

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break; a leading formula character is neutralised.</summary>
    private static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+@".Contains(value[0]))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? '"' + value.Replace("\"", "\"\"", StringComparison.Ordinal) + '"' : value;
    }

    private static decimal Yuan(long fen) => fen / 100m;

    private static Dictionary<string, object?> Row(params (string Header, object? Value)[] cells) =>
        cells.ToDictionary(c => c.Header, c => c.Value);
}
