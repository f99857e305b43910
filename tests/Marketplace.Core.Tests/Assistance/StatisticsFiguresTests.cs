using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>
/// The statistics' figures for a year and a scope against a GROUP BY over the ledger, the drill-down, the scoped
/// beneficiaries and the annual report's sentences, on a ledger written by the real consumers (<see cref="ReportLedger"/>).
/// </summary>
public sealed class StatisticsFiguresTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;
    private ReportLedger _ledger = null!;
    private AssistanceStatistics _statistics = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
        _ledger = await ReportLedger.SeedAsync(_host);
        _statistics = _host.Services.GetRequiredService<AssistanceStatistics>();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Every_figure_of_every_scope_equals_a_group_by_over_the_ledger()
    {
        var entries = await _host.WithDbAsync(db => db.AssistanceEntries.AsNoTracking().ToListAsync());
        var scopes = new StatisticsScope?[] { StatisticsScope.Group, new(_ledger.Group), new(_ledger.North), new(_ledger.South), new(_ledger.Workshop) };
        foreach (var year in new[] { 2021, 2022 })
        {
            foreach (var scope in scopes)
            {
                var inScope = entries.Where(e => e.Year == year && (scope!.UnitId is not { } unit || _ledger.ScopesOf(e.BuyerUnitId, e.OccurredAt).Contains(unit))).ToList();
                foreach (var dimension in Enum.GetValues<AssistanceDimension>())
                {
                    var expected = inScope
                        .Select(e => (Entry: e, Value: AssistanceProjection.ValueOf(e, dimension)))
                        .Where(x => x.Value is not null)
                        .GroupBy(x => x.Value!)
                        .ToDictionary(g => g.Key, g => (g.Sum(x => x.Entry.AmountFen), (long)g.Sum(x => x.Entry.Quantity)));
                    var figure = await _statistics.FigureAsync(year, scope!, dimension);
                    var actual = figure.Rows.Where(r => dimension != AssistanceDimension.Month || r.AmountFen != 0 || expected.ContainsKey(r.Value))
                        .ToDictionary(r => r.Value, r => (r.AmountFen, r.Quantity));
                    Assert.That(actual, Is.EquivalentTo(expected), $"{year} {scope!.UnitId?.ToString() ?? "group"} {dimension}");
                }
            }
        }
    }

    [Test]
    public async Task A_unit_moved_mid_year_keeps_its_earlier_purchases_in_its_old_parents_scope()
    {
        var north = await _statistics.FigureAsync(2021, new StatisticsScope(_ledger.North), AssistanceDimension.County);
        var south = await _statistics.FigureAsync(2021, new StatisticsScope(_ledger.South), AssistanceDimension.County);
        var workshop = await _statistics.FigureAsync(2021, new StatisticsScope(_ledger.Workshop), AssistanceDimension.Measure);
        Assert.Multiple(() =>
        {
            Assert.That(north.Rows.Select(r => (r.Value, r.Label, r.AmountFen)), Is.EquivalentTo(new[]
            {
                (CountySeed.Yanshan, "砚山县", 1_400_000_000L), (CountySeed.Luxi, "泸西县", 0L),
            }), "the workshop's January order and 北方's own; the refunded order nets to zero");
            Assert.That(south.TotalFen, Is.EqualTo(347_000_000L + 87_360_000 + 8_560_000), "the workshop's July order and 南方's own");
            Assert.That(workshop.TotalFen, Is.EqualTo(747_000_000L));
        });
    }

    [Test]
    public async Task Years_follow_the_China_calendar()
    {
        var months2021 = await _statistics.FigureAsync(2021, StatisticsScope.Group, AssistanceDimension.Month);
        var months2022 = await _statistics.FigureAsync(2022, StatisticsScope.Group, AssistanceDimension.Month);
        Assert.Multiple(() =>
        {
            Assert.That(months2021.Rows, Has.Count.EqualTo(12));
            Assert.That(months2021.Rows[0].AmountFen, Is.EqualTo(400_000_000L), "paid 2020-12-31 16:30 UTC: January 2021 in China");
            Assert.That(months2021.Rows[11].AmountFen, Is.Zero, "paid 2021-12-31 16:30 UTC: January 2022 in China");
            Assert.That(months2022.Rows[0].AmountFen, Is.EqualTo(5_000_000L));
        });
    }

    [Test]
    public async Task A_county_total_drills_down_to_its_entries_with_order_numbers_a_page_at_a_time()
    {
        var filter = new LedgerFilter(2021, new StatisticsScope(_ledger.North), AssistanceDimension.County, CountySeed.Yanshan);
        var first = await _statistics.EntriesAsync(filter, 1, 1);
        var second = await _statistics.EntriesAsync(filter, 2, 1);
        var expectedOrders = new[] { _ledger.Orders[0].OrderNumber, _ledger.Orders[2].OrderNumber };
        Assert.Multiple(() =>
        {
            Assert.That(first.TotalCount, Is.EqualTo(2));
            Assert.That(first.TotalFen, Is.EqualTo(1_400_000_000L), "the same as the figure it drills from");
            Assert.That(first.Entries.Concat(second.Entries).Select(e => e.OrderNumber), Is.EqualTo(expectedOrders), "oldest first");
            Assert.That(first.Entries[0].CountyName, Is.EqualTo("砚山县"));
            Assert.That(first.Entries[0].SupplierName, Is.EqualTo("砚山牛业合作社"));
            Assert.That(first.Entries[0].BuyerUnitName, Is.EqualTo("车间"));
        });
        Assert.Throws<ArgumentException>(() => _statistics.EntriesAsync(filter with { Value = "5326'--" }, 1, 10).GetAwaiter().GetResult());
    }

    [Test]
    public async Task Beneficiaries_count_the_suppliers_that_sold_in_the_scope()
    {
        var group = await _statistics.BeneficiariesAsync(2021, StatisticsScope.Group);
        var south = await _statistics.BeneficiariesAsync(2021, new StatisticsScope(_ledger.South));
        Assert.Multiple(() =>
        {
            Assert.That(group.Group, Is.EqualTo(new Beneficiaries(3, 0, 5444, 24454, 297, 188)));
            Assert.That(south.Group, Is.EqualTo(new Beneficiaries(2, 0, 2444, 10454, 97, 88)), "the pears (via the workshop after its move) and the dates");
        });
    }

    [Test]
    public async Task The_annual_report_states_the_seed_reports_figures_from_the_ledger()
    {
        var slices = await _statistics.SlicesAsync(2021, StatisticsScope.Group);
        var beneficiaries = await _statistics.BeneficiariesAsync(2021, StatisticsScope.Group);
        var report = AnnualReport.From(2021, "集团公司", true, slices, beneficiaries.Group, []);
        Assert.That(report.Chinese(), Is.EqualTo(new[]
        {
            "2021年度已采购两县特色农产品价值747万元。",
            "集团公司及所属成员单位鼓励职工及家属主动购买帮扶地区农产品,帮助销售地方特色农产品累计1063.44万元。",
            "组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,集团公司所属成员单位已采购完成价值8.56万元夏季工装。",
            "受益村民达5444户,总计24454人(其中包括脱贫户297人,残疾人188人)。",
            "2021年度帮扶台账合计1906.36万元。",
        }));
        Assert.That(report.English()[0], Is.EqualTo("In 2021, specialty farm products worth 747万元 (¥7,470,000.00) were purchased from the 2 designated counties."));
    }

    [TestCase(0L, "0")]
    [TestCase(747_000_000L, "747")]
    [TestCase(1_063_440_000L, "1063.44")]
    [TestCase(8_560_000L, "8.56")]
    [TestCase(8_500_000L, "8.5")]
    [TestCase(4_999L, "0")]
    [TestCase(5_000L, "0.01")]
    [TestCase(-5_000L, "-0.01")]
    [TestCase(2_136_200L, "2.14")]
    public void Fen_become_wan_yuan_rounded_half_away_from_zero_to_two_places(long fen, string wan) =>
        Assert.That(AnnualReport.Wan(fen), Is.EqualTo(wan));

    [Test]
    public async Task Rebuilding_gives_the_same_scoped_figures_and_the_reconciliation_balances()
    {
        var before = await _statistics.FigureAsync(2021, new StatisticsScope(_ledger.North), AssistanceDimension.Channel);
        await _host.WithDbAsync(db => AssistanceProjection.RebuildAsync(db));
        var after = await _statistics.FigureAsync(2021, new StatisticsScope(_ledger.North), AssistanceDimension.Channel);
        var report = await _host.WithDbAsync(async db => await new AssistanceReconciliation(db).CheckAsync(2021));
        Assert.Multiple(() =>
        {
            Assert.That(after.Rows, Is.EqualTo(before.Rows));
            Assert.That(report.ReadModel, Is.Empty);
        });
    }
}
