using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Assistance;
using Marketplace.Core.Messaging;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Operators;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Marketplace.Web.Tests.Statistics;

/// <summary>
/// The statistics API, pages and exports on the demo data, with a year (2031) of orders sent through the real ledger
/// consumer as OrderPaid events: 长安汽车 and its union, 嘉陵特装 and the public.
/// </summary>
public sealed class StatisticsApiTests : WebAppFixture
{
    private const int Year = 2031;
    private HttpClient _operator = null!;
    private HttpClient _finance = null!;
    private Guid _changan;
    private Guid _union;
    private Guid _jialing;
    private readonly List<OrderPaid> _orders = [];

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SeedLedger()
    {
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        _finance = await UnitPeople.SignInAsync(Factory, "finance@changan.demo", DemoAccounts.Password);
        var ids = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Name, o => o.Id));
        (_changan, _union, _jialing) = (ids[DemoAccounts.Changan], ids["长安汽车工会"], ids[DemoAccounts.Jialing]);
        var (yanshan, luxi) = (ids[DemoAccounts.YanshanCooperative], ids[DemoAccounts.LuxiPearFirm]);

        Add("2031-03-01T02:00:00Z", _changan, "UnitCollective", "UnitProcurement", (yanshan, "532622", "Meat", 10, 100_000));
        Add("2031-03-05T02:00:00Z", _union, "UnitCollective", "UnionFund", (luxi, "532527", "Fruit", 3, 12_345));
        Add("2031-04-01T02:00:00Z", _jialing, "EmployeePersonal", "Personal", (luxi, "532527", "Fruit", 5, 50_000), (yanshan, "532622", "Meat", 1, 999));
        Add("2031-04-02T02:00:00Z", null, "Public", "Personal", (luxi, "532527", "Fruit", 1, 7_000));
        await UnitPeople.InScopeAsync(Factory, async db =>
        {
            foreach (var order in _orders)
            {
                db.AddToOutbox(order, TimeProvider.System);
            }

            return await db.SaveChangesAsync();
        });

        var expected = _orders.Sum(o => o.Lines.Count);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await UnitPeople.InScopeAsync(Factory, db => db.AssistanceEntries.CountAsync(e => e.Year == Year)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _operator.Dispose();
        _finance.Dispose();
    }

    [Test]
    public async Task Every_dimension_of_the_group_and_of_a_unit_equals_a_group_by_over_the_ledger()
    {
        var entries = await UnitPeople.InScopeAsync(Factory, db => db.AssistanceEntries.AsNoTracking().Where(e => e.Year == Year).ToListAsync());
        var changanTree = new[] { _changan, _union };
        foreach (var dimension in Enum.GetValues<AssistanceDimension>())
        {
            foreach (var (client, unitId, inScope) in new[]
            {
                (_operator, (Guid?)null, entries),
                (_finance, null, [.. entries.Where(e => e.BuyerUnitId is { } u && changanTree.Contains(u))]),
                (_operator, _jialing, entries.Where(e => e.BuyerUnitId == _jialing).ToList()),
            })
            {
                var url = $"/api/statistics/totals/{dimension}?year={Year}" + (unitId is null ? "" : $"&unitId={unitId}");
                var body = await client.GetFromJsonAsync<JsonElement>(url);
                var actual = body.GetProperty("rows").EnumerateArray()
                    .Where(r => r.GetProperty("amountFen").GetInt64() != 0 || dimension != AssistanceDimension.Month)
                    .ToDictionary(r => r.GetProperty("value").GetString()!, r => r.GetProperty("amountFen").GetInt64());
                var expected = inScope.Select(e => (e.AmountFen, Value: AssistanceProjection.ValueOf(e, dimension))).Where(x => x.Value is not null)
                    .GroupBy(x => x.Value!).ToDictionary(g => g.Key, g => g.Sum(x => x.AmountFen));
                Assert.That(actual, Is.EquivalentTo(expected), url);
                Assert.That(body.GetProperty("totalFen").GetInt64(), Is.EqualTo(inScope.Where(e => AssistanceProjection.ValueOf(e, dimension) is not null).Sum(e => e.AmountFen)), url);
            }
        }
    }

    [Test]
    public async Task A_units_finance_sees_its_subtree_by_default_and_nothing_of_another_unit_or_the_group()
    {
        var units = await _finance.GetFromJsonAsync<JsonElement>($"/api/statistics/units?year={Year}");
        using var other = await _finance.GetAsync($"/api/statistics/totals/county?year={Year}&unitId={_jialing}");
        using var group = await _finance.GetAsync($"/api/statistics/report?year={Year}&unitId={await GroupAsync()}");
        using var union = await _finance.GetAsync($"/api/statistics/totals/county?year={Year}&unitId={_union}");
        Assert.Multiple(() =>
        {
            Assert.That(units.GetProperty("scope").GetProperty("unitId").GetGuid(), Is.EqualTo(_changan));
            var rows = units.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid(), u => u.GetProperty("subtreeFen").GetInt64());
            Assert.That(rows[_changan], Is.EqualTo(112_345L), "its own order and its union's");
            Assert.That(rows[_union], Is.EqualTo(12_345L));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(group.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(union.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a unit below its own");
        });
    }

    [Test]
    public async Task The_entries_behind_a_county_total_add_up_to_it_and_carry_order_numbers()
    {
        var county = await _operator.GetFromJsonAsync<JsonElement>($"/api/statistics/totals/county?year={Year}");
        var luxi = county.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("value").GetString() == "532527");
        var page1 = await _operator.GetFromJsonAsync<JsonElement>($"/api/statistics/entries?year={Year}&dimension=county&value=532527&pageSize=2");
        var page2 = await _operator.GetFromJsonAsync<JsonElement>($"/api/statistics/entries?year={Year}&dimension=county&value=532527&pageSize=2&page=2");
        var numbers = page1.GetProperty("page").GetProperty("entries").EnumerateArray().Concat(page2.GetProperty("page").GetProperty("entries").EnumerateArray())
            .Select(e => e.GetProperty("orderNumber").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(luxi.GetProperty("label").GetString(), Is.EqualTo("泸西县"));
            Assert.That(page1.GetProperty("page").GetProperty("totalFen").GetInt64(), Is.EqualTo(luxi.GetProperty("amountFen").GetInt64()));
            Assert.That(page1.GetProperty("page").GetProperty("totalCount").GetInt32(), Is.EqualTo(3));
            Assert.That(numbers, Is.EqualTo(new[] { _orders[1].OrderNumber, _orders[2].OrderNumber, _orders[3].OrderNumber }));
        });
    }

    [Test]
    public async Task The_report_states_the_ledgers_figures_in_wan_yuan_in_chinese_and_english()
    {
        var report = await _operator.GetFromJsonAsync<JsonElement>($"/api/statistics/report?year={Year}");
        var chinese = report.GetProperty("chinese").EnumerateArray().Select(s => s.GetString()).ToList();
        var english = report.GetProperty("english").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Multiple(() =>
        {
            // Direct: 100,000 + 12,345 fen = ¥1,123.45 = 0.112345万元 → 0.11; help-sell: 50,000 + 999 + 7,000 fen = 0.05799万元 → 0.06.
            Assert.That(chinese[0], Is.EqualTo("2031年度已采购两县特色农产品价值0.11万元。"));
            Assert.That(chinese[1], Does.EndWith("帮助销售地方特色农产品累计0.06万元。"));
            Assert.That(english[1], Does.Contain("0.06万元 (¥579.99)"));
            Assert.That(report.GetProperty("rounding").GetString(), Does.Contain("half away from zero"));
        });
    }

    [Test]
    public async Task The_xlsx_has_the_report_a_sheet_per_figure_and_the_entries()
    {
        using var response = await _operator.GetAsync($"/api/statistics/export.xlsx?year={Year}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var sheets = stream.GetSheetNames();
        var counties = stream.Query(useHeaderRow: true, sheetName: "County").Cast<IDictionary<string, object?>>().ToList();
        var entries = stream.Query(useHeaderRow: true, sheetName: "Entries").Cast<IDictionary<string, object?>>().ToList();
        var report = stream.Query(useHeaderRow: true, sheetName: "Report").Cast<IDictionary<string, object?>>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sheets, Is.EqualTo(new[] { "Report", "County", "Region", "AssistanceType", "Channel", "Measure", "FundingSource", "Supplier", "Category", "Month", "Campaign", "Units", "Leaderboard", "Beneficiaries", "Entries" }));
            Assert.That(counties.ToDictionary(r => (string)r["值 Value"]!, r => Convert.ToInt64(r["金额(分) AmountFen"], CultureInfo.InvariantCulture)),
                Is.EquivalentTo(new Dictionary<string, long> { ["532622"] = 100_999, ["532527"] = 69_345 }));
            Assert.That(entries.Select(r => (string)r["订单号 OrderNumber"]!), Is.EquivalentTo(_orders.SelectMany(o => o.Lines.Select(_ => o.OrderNumber))));
            Assert.That((string)report[0]["中文 Chinese"]!, Is.EqualTo("2031年度已采购两县特色农产品价值0.11万元。"));
            // Each figure beside the sentence that states it; the beneficiaries' sentence has no amount.
            Assert.That(report.Select(r => (string)r["项目 Figure"]!), Is.EqualTo(new[] { "Designated", "HelpSell", "XinjiangTibet", "Uniforms", "Beneficiaries", "Total" }));
            Assert.That(report.Where(r => r["万元 Wan"] is not null).Select(r => ((string)r["中文 Chinese"]!).Contains($"{r["万元 Wan"]}万元", StringComparison.Ordinal)), Is.All.True);
            Assert.That((string)report[4]["中文 Chinese"]!, Does.StartWith("受益村民达"));
        });
    }

    [Test]
    public async Task A_csv_sheet_is_one_figure_or_the_entries_behind_a_value()
    {
        var county = await CsvAsync($"/api/statistics/export.csv?year={Year}&sheet=County");
        var union = await CsvAsync($"/api/statistics/export.csv?year={Year}&unitId={_union}&dimension=County&value=532527");
        Assert.Multiple(() =>
        {
            Assert.That(county[0], Is.EqualTo("值 Value,名称 Label,金额(分) AmountFen,金额(元) AmountYuan,数量 Quantity"));
            Assert.That(county.Skip(1), Is.EquivalentTo(new[] { "532622,砚山县,100999,1009.99,11", "532527,泸西县,69345,693.45,9" }));
            Assert.That(union, Has.Count.EqualTo(2), "the header and the union's one entry");
            Assert.That(union[1], Does.StartWith(_orders[1].OrderNumber + ",Purchase,"));
        });
    }

    [TestCase("/api/statistics/totals/county?year=abc", "year")]
    [TestCase("/api/statistics/totals/county?year=1999", "year")]
    [TestCase("/api/statistics/totals/county?unitId=nope", "unitId")]
    [TestCase("/api/statistics/entries?dimension=colour&value=red", "dimension")]
    [TestCase("/api/statistics/entries?dimension=month&value=13", "value")]
    [TestCase("/api/statistics/entries?value=532622", "dimension")]
    [TestCase("/api/statistics/entries?pageSize=500", "pageSize")]
    [TestCase("/api/statistics/export.csv?sheet=Everything", "sheet")]
    public async Task Bad_input_is_a_bilingual_validation_problem(string url, string field)
    {
        using var response = await _operator.GetAsync(url);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("title").GetString(), Does.Contain(" / "));
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        });
    }

    [Test]
    public async Task An_unknown_dimension_is_a_bilingual_bad_request()
    {
        using var response = await _operator.GetAsync("/api/statistics/totals/colour");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("请求无效 / Bad request"));
    }

    [Test]
    public async Task The_dashboard_links_every_bar_to_its_entries_and_the_entries_page_lists_the_order_numbers()
    {
        var dashboard = await _operator.GetStringAsync($"/statistics?year={Year}");
        var entries = await _operator.GetStringAsync($"/statistics/entries?year={Year}&dimension=County&value=532527");
        Assert.Multiple(() =>
        {
            Assert.That(dashboard, Does.Contain("id=\"chart-county\"").And.Contain("id=\"chart-month\"").And.Contain("id=\"chart-channel\"").And.Contain("id=\"chart-measure\""));
            Assert.That(dashboard, Does.Contain($"/statistics/entries?year={Year}&amp;dimension=County&amp;value=532527"));
            Assert.That(dashboard, Does.Contain("/api/statistics/export.xlsx?year=2031"));
            Assert.That(entries, Does.Contain(_orders[1].OrderNumber).And.Contain(_orders[2].OrderNumber).And.Contain(_orders[3].OrderNumber));
            Assert.That(entries, Does.Not.Contain(_orders[0].OrderNumber));
        });
    }

    [Test]
    public async Task The_rebuild_statistics_verb_recomputes_the_read_model_from_the_ledger_and_names_the_orders_the_ledger_does_not_match()
    {
        var before = await TotalsAsync();
        await UnitPeople.InScopeAsync(Factory, async db => await db.AssistanceTotals.ExecuteDeleteAsync() + await db.AssistanceUnitTotals.ExecuteDeleteAsync());
        using var output = new StringWriter();
        int exit;
        List<(AssistanceDimension Dimension, string Value, long AmountFen, long Quantity)> after;
        try
        {
            Assert.That(await TotalsAsync(), Is.Empty, "the read model is gone");

            exit = await RebuildStatisticsCommand.RunAsync(Factory.Services, [RebuildStatisticsCommand.Verb, "--check", $"{Year}"], output);
            after = await TotalsAsync();
        }
        finally
        {
            await UnitPeople.InScopeAsync(Factory, db => AssistanceProjection.RebuildAsync(db));
        }

        var ledgerFen = await UnitPeople.InScopeAsync(Factory, db => db.AssistanceEntries.Where(e => e.Year == Year).SumAsync(e => e.AmountFen));
        // This fixture's ledger comes from OrderPaid events alone, with no order behind them: the check finds each one.
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), output.ToString());
            Assert.That(output.ToString(), Does.Contain($"{Year}: ledger {ledgerFen} fen, {_orders.Count} order mismatches, 0 read-model mismatches."));
            Assert.That(output.ToString(), Does.Contain($"order {_orders[0].OrderNumber} ({_orders[0].OrderId}): kept 0 fen, ledger {_orders[0].Lines.Sum(l => l.AmountFen)} fen"));
            Assert.That(after, Is.EquivalentTo(before));
        });
    }

    [TestCase("--check")]
    [TestCase("--check", "1999")]
    [TestCase("--check", "二〇三一")]
    public async Task The_rebuild_statistics_verb_with_a_wrong_year_prints_its_usage_and_changes_nothing(params string[] arguments)
    {
        var before = await TotalsAsync();
        using var output = new StringWriter();

        var exit = await RebuildStatisticsCommand.RunAsync(Factory.Services, [RebuildStatisticsCommand.Verb, .. arguments], output);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("Usage: rebuild-statistics [--check <year>]"));
        Assert.That(await TotalsAsync(), Is.EquivalentTo(before));
    }

    private Task<List<(AssistanceDimension Dimension, string Value, long AmountFen, long Quantity)>> TotalsAsync() => UnitPeople.InScopeAsync(Factory, async db =>
        (await db.AssistanceTotals.AsNoTracking().Where(t => t.Year == Year).Select(t => new { t.Dimension, t.DimensionValue, t.AmountFen, t.Quantity }).ToListAsync())
            .Select(t => (t.Dimension, t.DimensionValue, t.AmountFen, t.Quantity)).ToList());

    private async Task<List<string>> CsvAsync(string url)
    {
        using var response = await _operator.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        return [.. text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }

    private Task<Guid> GroupAsync() =>
        UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Kind == OrganizationKind.Group).Select(o => o.Id).SingleAsync());

    private void Add(string paidAt, Guid? unitId, string channel, string funding, params (Guid SupplierId, string County, string Category, int Quantity, long AmountFen)[] lines)
    {
        var orderId = Guid.CreateVersion7();
        _orders.Add(new OrderPaid(
            orderId, "S" + orderId.ToString("N")[..15], Guid.CreateVersion7(), unitId, channel, funding, null, lines.Sum(l => l.AmountFen),
            DateTime.Parse(paidAt, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            [.. lines.Select(l => new PaidLine(Guid.CreateVersion7(), Guid.CreateVersion7(), l.SupplierId, Guid.CreateVersion7(), Guid.CreateVersion7(), l.County, l.Category, l.Quantity, l.AmountFen / l.Quantity, l.AmountFen))]));
    }
}
