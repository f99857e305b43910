using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Approvals;
using Marketplace.Core.Assistance;
using Marketplace.Core.Audit;
using Marketplace.Core.Ordering;
using Marketplace.Core.Payments;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
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
            Assert.That(chinese[2], Is.EqualTo("组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,已采购完成价值8.56万元工装。"));
            Assert.That(chinese[3], Is.EqualTo("受益村民达5444户,总计24454人(其中包括脱贫户297人,残疾人188人)。"));
            Assert.That(page, Does.Contain("2021年度已采购两县特色农产品价值747万元。"));
        });
    }

    [Test]
    public async Task The_figures_are_exact_to_the_fen_and_the_ledger_reconciles_with_the_paid_orders()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var statistics = scope.ServiceProvider.GetRequiredService<AssistanceStatistics>();
        var slices = await statistics.SlicesAsync(DemoHistory.Year, StatisticsScope.Group);
        var report = AnnualReport.From(DemoHistory.Year, "", true, slices, Beneficiaries.None);
        var reconciliation = await scope.ServiceProvider.GetRequiredService<AssistanceReconciliation>().CheckAsync(DemoHistory.Year);
        Assert.Multiple(() =>
        {
            Assert.That(report.Designated.AmountFen, Is.EqualTo(747_000_000L));
            Assert.That(report.XinjiangTibet.AmountFen, Is.EqualTo(87_360_000L));
            Assert.That(report.Uniforms.AmountFen, Is.EqualTo(8_560_000L));
            Assert.That(report.HelpSell.AmountFen, Is.EqualTo(1_063_440_000L));
            Assert.That(reconciliation.Balanced, Is.True);
            Assert.That(reconciliation.LedgerFen, Is.EqualTo(747_000_000L + 87_360_000L + 8_560_000L + 1_063_440_000L));
        });
    }

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
