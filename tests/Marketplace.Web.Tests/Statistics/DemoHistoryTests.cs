using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Agreements;
using Marketplace.Core.Approvals;
using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Audit;
using Marketplace.Core.Ordering;
using Marketplace.Core.Payments;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Web.Localization;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Statistics;

/// <summary>
/// The embedded default with its demo data tells the seed report's 2021: the annual report states the report's
/// figures, every one of them from orders placed and paid through the pipeline in 2021, and the ledger reconciles.
/// </summary>
public sealed class DemoHistoryTests : WebAppFixture
{
    private HttpClient _operator = null!;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["DemoData:History"] = "true" });

    [OneTimeSetUp]
    public async Task SignIn() => _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);

    [OneTimeTearDown]
    public void DisposeClient() => _operator.Dispose();

    [Test]
    public async Task The_2021_report_states_the_seed_reports_figures_in_its_words()
    {
        var report = await _operator.GetFromJsonAsync<JsonElement>($"/api/statistics/report?year={DemoHistory.Year}");
        var chinese = report.GetProperty("chinese").EnumerateArray().Select(s => s.GetString()).ToList();
        var page = await _operator.GetStringAsync($"/Statistics/Report?year={DemoHistory.Year}");
        Assert.Multiple(() =>
        {
            Assert.That(chinese[0], Is.EqualTo("2021年度已采购两县特色农产品价值747万元。"));
            Assert.That(chinese[1], Is.EqualTo("集团公司及所属成员单位鼓励职工及家属主动购买帮扶地区农产品,帮助销售地方特色农产品累计1063.44万元。"));
            Assert.That(chinese[2], Is.EqualTo("组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,集团公司所属成员单位已采购完成价值8.56万元夏季工装,同时与新疆签订价值15.36万元的冬季工装采购协议。"));
            Assert.That(chinese[3], Is.EqualTo("受益村民达5444户,总计24454人(其中包括脱贫户297人,残疾人188人)。"));
            Assert.That(page, Does.Contain("2021年度已采购两县特色农产品价值747万元。"));
        });
    }

    [Test]
    public async Task A_units_report_states_the_agreements_of_its_own_units_only()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Core.Data.MarketplaceDbContext>();
        var units = await db.Organizations.Where(o => o.Name == DemoAccounts.Changan || o.Name == "南方资产").ToDictionaryAsync(o => o.Name, o => o.Id);
        var changan = await _operator.GetFromJsonAsync<JsonElement>($"/api/statistics/report?year={DemoHistory.Year}&unitId={units[DemoAccounts.Changan]}");
        var south = await _operator.GetFromJsonAsync<JsonElement>($"/api/statistics/report?year={DemoHistory.Year}&unitId={units["南方资产"]}");
        Assert.Multiple(() =>
        {
            Assert.That(changan.GetProperty("chinese")[2].GetString(), Is.EqualTo(
                "组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,长安汽车已采购完成价值8.56万元夏季工装,同时与新疆签订价值15.36万元的冬季工装采购协议。"));
            Assert.That(south.GetProperty("chinese")[2].GetString(), Is.EqualTo(
                "组织购买新疆西藏特色农副产品共计0万元;组织开展工装援疆援藏工作,南方资产已采购完成价值0万元工装。"));
        });
    }

    [Test]
    public async Task The_figures_are_exact_to_the_fen_and_the_ledger_reconciles_with_the_paid_orders()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var statistics = scope.ServiceProvider.GetRequiredService<AssistanceStatistics>();
        var slices = await statistics.SlicesAsync(DemoHistory.Year, StatisticsScope.Group);
        var agreements = await scope.ServiceProvider.GetRequiredService<SignedAgreements>().InYearAsync(DemoHistory.Year, null);
        var report = AnnualReport.From(DemoHistory.Year, "", true, slices, Beneficiaries.None, agreements);
        var reconciliation = await scope.ServiceProvider.GetRequiredService<AssistanceReconciliation>().CheckAsync(DemoHistory.Year);
        Assert.Multiple(() =>
        {
            Assert.That(report.Designated.AmountFen, Is.EqualTo(747_000_000L));
            Assert.That(report.XinjiangTibet.AmountFen, Is.EqualTo(87_360_000L));
            Assert.That(report.Uniforms.AmountFen, Is.EqualTo(8_560_000L));
            Assert.That(report.HelpSell.AmountFen, Is.EqualTo(1_063_440_000L));
            Assert.That(reconciliation.Balanced, Is.True);
            Assert.That(reconciliation.LedgerFen, Is.EqualTo(747_000_000L + 87_360_000L + 8_560_000L + 1_063_440_000L));
            Assert.That(report.UniformSeasons.Select(s => (s.Season, s.Figure.AmountFen)), Is.EqualTo(new[] { (WearSeason.Summer, 8_560_000L) }));
            Assert.That(report.UniformAgreements.Select(a => (a.Region, a.Season, a.Agreements, a.Value.AmountFen)),
                Is.EqualTo(new[] { (AssistedRegion.Xinjiang, (WearSeason?)WearSeason.Winter, 1, 15_360_000L) }));
        });
    }

    [Test]
    public async Task The_winter_uniform_agreement_was_signed_in_2021_through_the_agreements_and_this_year_has_its_own()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Core.Data.MarketplaceDbContext>();
        var agreements = await db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Deliveries).ToListAsync();
        var story = agreements.Single(a => a.Title == DemoAgreements.WinterUniformTitle(DemoHistory.Year));
        var thisYear = ChinaCalendar.Today(TimeProvider.System).Year;
        var created = await db.Set<Marketplace.Core.Audit.AuditEntry>().AsNoTracking()
            .Where(e => e.Action == Marketplace.Core.Audit.AuditActions.AgreementCreated && e.SubjectId == story.Id.ToString()).CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(ChinaCalendar.DateOf(story.CreatedAt), Is.EqualTo(new DateOnly(DemoHistory.Year, 10, 20)));
            Assert.That(story.CapFen, Is.EqualTo(DemoAgreements.WinterUniformCapFen));
            Assert.That(story.CommittedFen, Is.Zero, "signed, not drawn down: nothing of it is a purchase");
            Assert.That(story.Deliveries.Select(d => WearSeasons.Of(d.DueOn.Month)).Distinct(), Is.EqualTo(new[] { WearSeason.Winter }));
            Assert.That(created, Is.EqualTo(1), "made through the agreements, audited");
            Assert.That(agreements.Select(a => a.Title), Does.Contain(DemoAgreements.WinterUniformTitle(thisYear)));
        });
    }

    [Test]
    public async Task The_2021_dashboard_draws_the_units_against_their_targets_best_achieved_first()
    {
        var page = await _operator.GetStringAsync($"/statistics?year={DemoHistory.Year}");
        var chart = Chart(page, "chart-targets");
        await using var scope = Factory.Services.CreateAsyncScope();
        var progress = (await scope.ServiceProvider.GetRequiredService<TargetQueries>().AllAsync(DemoHistory.Year)).Where(p => p.Target is not null).ToDictionary(p => p.UnitName);
        var jialing = progress[DemoAccounts.Jialing];
        var unitsPage = await _operator.GetStringAsync($"/statistics?year={DemoHistory.Year}&unitId={progress["南方资产"].UnitId}");
        var noTargets = await _operator.GetStringAsync("/statistics?year=2019");
        Assert.Multiple(() =>
        {
            Assert.That(progress.Keys, Is.EquivalentTo(new[] { DemoAccounts.Changan, DemoAccounts.Jialing, "南方资产" }));
            Assert.That(progress[DemoAccounts.Changan].CountedFen, Is.EqualTo(747_000_000L + 87_360_000L + 8_560_000L), "its collective purchases; the employees' own money does not count");
            Assert.That(chart, Does.Contain("<svg").And.Contain("chart__target"));
            Assert.That(chart, Does.Contain("长安汽车</a> <span class=\"money\">¥8,429,200.00 / 目标 ¥8,000,000.00 · 完成 105.4%</span>"));
            Assert.That(chart, Does.Contain($"嘉陵特装</a> <span class=\"money\">{Money.Format(jialing.CountedFen)} / 目标 ¥4,000,000.00 · 完成 {jialing.AchievedShare * 100:0.#}%</span>"));
            Assert.That(chart, Does.Contain("南方资产</a> <span class=\"money\">¥0.00 / 目标 ¥500,000.00 · 完成 0%</span>"));
            Assert.That(Order(chart, DemoAccounts.Changan, DemoAccounts.Jialing, "南方资产"), Is.True, "best achieved first");
            Assert.That(chart, Does.Contain($"/statistics/entries?year={DemoHistory.Year}&amp;unitId={progress[DemoAccounts.Changan].UnitId}"), "a bar drills to the unit's entries");
            Assert.That(Chart(unitsPage, "chart-targets"), Does.Contain("南方资产").And.Not.Contain("长安汽车"), "a unit's scope draws its own units");
            Assert.That(Chart(noTargets, "chart-targets"), Does.Contain("本范围内的单位本年度尚未设定帮扶采购目标。").And.Not.Contain("<svg"));
        });
    }

    private static string Chart(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), id);
        return page[start..page.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }

    private static bool Order(string text, params string[] names) =>
        names.Select(n => text.IndexOf(n, StringComparison.Ordinal)).Zip(names.Skip(1).Select(n => text.IndexOf(n, StringComparison.Ordinal))).All(p => p.First >= 0 && p.First < p.Second);

    [Test]
    public async Task Each_order_was_submitted_decided_and_paid_in_2021_china_time_units_by_confirmed_transfer()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Core.Data.MarketplaceDbContext>();
        var orders = await db.Orders.AsNoTracking().Where(o => o.IdempotencyKey.StartsWith(DemoHistory.KeyPrefix)).ToListAsync();
        var ids = orders.Select(o => o.Id).ToList();
        var payments = await db.Payments.AsNoTracking().Where(p => ids.Contains(p.OrderId)).ToListAsync();
        var entries = await db.AssistanceEntries.AsNoTracking().Where(e => ids.Contains(e.OrderId)).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(orders, Has.Count.InRange(100, 1000), "a few hundred orders");
            Assert.That(orders.Select(o => o.Status).Distinct(), Is.EqualTo(new[] { OrderStatus.Paid }));
            Assert.That(orders.Select(o => ChinaCalendar.DateOf(o.SubmittedAt).Year).Concat(orders.Select(o => ChinaCalendar.DateOf(o.PaidAt!.Value).Year)).Distinct(),
                Is.EqualTo(new[] { DemoHistory.Year }));
            Assert.That(entries.Select(e => e.Year).Distinct(), Is.EqualTo(new[] { DemoHistory.Year }));
            Assert.That(entries.Select(e => e.Month).Distinct().Count(), Is.GreaterThan(6), "spread over the year");
            Assert.That(payments.Where(p => p.Status == PaymentStatus.Succeeded).Select(p => p.OrderId), Is.EquivalentTo(ids), "one payment each");
            var unitOrders = orders.Where(o => o.FundingSource == FundingSource.UnitProcurement).Select(o => o.Id).ToHashSet();
            Assert.That(unitOrders, Is.Not.Empty);
            Assert.That(payments.Where(p => unitOrders.Contains(p.OrderId)).Select(p => p.Method).Distinct(), Is.EqualTo(new[] { PaymentMethod.CorporateTransfer }));
            Assert.That(payments.Where(p => !unitOrders.Contains(p.OrderId)).Select(p => p.Method).Distinct(), Is.EqualTo(new[] { PaymentMethod.TestPayment }));
        });
    }

    [Test]
    public async Task The_unit_orders_the_rules_held_were_approved_at_every_level_they_needed_and_the_audit_log_has_each_decision()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Core.Data.MarketplaceDbContext>();
        var unitOrders = await db.Orders.AsNoTracking().Where(o => o.IdempotencyKey.StartsWith(DemoHistory.KeyPrefix) && o.FundingSource == FundingSource.UnitProcurement)
            .Select(o => new { o.Id, o.TotalFen }).ToListAsync();
        var ids = unitOrders.Select(o => o.Id).ToList();
        var approvals = await db.Set<OrderApproval>().AsNoTracking().Include(a => a.Decisions).Where(a => ids.Contains(a.OrderId)).ToListAsync();
        var audited = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.OrderApproved).Select(e => e.SubjectId).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(approvals.Select(a => a.OrderId), Is.EquivalentTo(unitOrders.Where(o => o.TotalFen >= DemoApprovals.ApproverFromFen).Select(o => o.Id)),
                "each unit order from the approver's threshold went through approval");
            Assert.That(approvals, Is.Not.Empty);
            Assert.That(approvals.Select(a => a.Status).Distinct(), Is.EqualTo(new[] { ApprovalStatus.Approved }));
            Assert.That(approvals.Select(a => a.LevelsRequired).Distinct(), Is.EquivalentTo(new[] { 1, 2 }), "the larger ones needed finance too");
            Assert.That(approvals.Select(a => a.Decisions.Count), Is.EqualTo(approvals.Select(a => a.LevelsRequired)), "one decision per level");
            Assert.That(approvals.SelectMany(a => a.Decisions).Select(d => ChinaCalendar.DateOf(d.At).Year).Distinct(), Is.EqualTo(new[] { DemoHistory.Year }));
            Assert.That(audited.Count(ids.Select(i => i.ToString()).ToHashSet().Contains), Is.EqualTo(approvals.Sum(a => a.LevelsRequired)), "each decision in the audit log");
        });
    }

    [Test]
    public async Task This_years_stock_is_the_demo_tables_and_the_clock_reads_today_again()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Core.Data.MarketplaceDbContext>();
        var listings = await db.Listings.AsNoTracking().Include(l => l.Skus).AsSplitQuery().ToListAsync();
        var stock = listings.SelectMany(l => l.Skus.Select(s => ((l.ProductCode, s.Code), s.Stock))).ToDictionary();
        var expected = DemoListings.All.SelectMany(l => l.Skus.Select(s => ((l.Code, s.Code), s.Stock))).ToDictionary();
        var clock = Factory.Services.GetRequiredService<TimeProvider>();
        Assert.Multiple(() =>
        {
            Assert.That(stock, Is.EquivalentTo(expected));
            Assert.That(clock, Is.InstanceOf<DemoClock>());
            Assert.That(((DemoClock)clock).IsShifted, Is.False);
            Assert.That(clock.GetUtcNow(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }
}
