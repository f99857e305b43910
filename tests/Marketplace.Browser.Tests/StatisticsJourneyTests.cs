using Marketplace.Browser.Tests.Infrastructure;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Assistance;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

public sealed class StatisticsJourneyTests : BrowserTest
{
    [Test]
    public async Task The_operator_filters_a_year_drills_from_a_county_to_its_entries_and_downloads_the_xlsx()
    {
        // Three years back: a year no other journey buys in. Its orders go through the real ledger consumer.
        var year = ChinaCalendar.DateOf(DateTime.UtcNow).Year - 3;
        var (yanshanOrder, luxiOrder) = await PaidOrdersAsync(year);

        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 operator@csgc.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "帮扶统计" }).ClickAsync();

        await page.GetByLabel("年度").SelectOptionAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var counties = page.Locator("#chart-county");
        await Expect(counties.Locator("svg")).ToBeVisibleAsync();
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The dashboard scrolls sideways on a phone.");
        await Screenshots.SaveAsync(page, "statistics-dashboard");

        await counties.Locator(".chart__list").GetByRole(AriaRole.Link, new() { Name = "砚山县" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/statistics/entries\\?.*value=532622"));
        var entries = page.Locator("#entries");
        await Expect(entries).ToContainTextAsync(yanshanOrder);
        await Expect(entries).Not.ToContainTextAsync(luxiOrder);
        await Expect(page.Locator("#entries-filter")).ToContainTextAsync("¥1,288.00");

        await page.GetByRole(AriaRole.Link, new() { Name = "返回统计" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载 xlsx" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo($"assistance-{year}.xlsx"));
        var path = await download.PathAsync();
        var rows = MiniExcel.Query(path, useHeaderRow: true, sheetName: "County", excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["值 Value"]!, r => Convert.ToInt64(r["金额(分) AmountFen"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(rows, Is.EquivalentTo(new Dictionary<string, long> { ["532622"] = 128_800, ["532527"] = 6_800 }));

        // 长安汽车 against its target for the year: its collective order counts, the public's does not.
        var targets = page.Locator("#chart-targets");
        await targets.ScrollIntoViewIfNeededAsync();
        await Expect(targets.Locator("svg .chart__target")).ToHaveCountAsync(1);
        await Expect(targets).ToContainTextAsync("¥1,288.00 / 目标 ¥2,000.00 · 完成 64.4%");
        await Screenshots.SaveAsync(page, "statistics-targets");
        await targets.Locator(".chart__list").GetByRole(AriaRole.Link, new() { Name = DemoAccounts.Changan }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/statistics/entries\\?year=\\d+&unitId="));
        await Expect(page.Locator("#entries")).ToContainTextAsync(yanshanOrder);
        await Expect(page.Locator("#entries")).Not.ToContainTextAsync(luxiOrder);
    }

    private static async Task<(string Yanshan, string Luxi)> PaidOrdersAsync(int year)
    {
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var ids = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Name, o => o.Id);
        var paidAt = new DateTime(year, 6, 1, 2, 0, 0, DateTimeKind.Utc);
        var yanshan = Paid(paidAt, ids[DemoAccounts.Changan], "UnitCollective", "UnitProcurement", ids[DemoAccounts.YanshanCooperative], "532622", "Meat", 8, 128_800);
        var luxi = Paid(paidAt, null, "Public", "Personal", ids[DemoAccounts.LuxiPearFirm], "532527", "Fruit", 1, 6_800);
        db.AddToOutbox(yanshan, TimeProvider.System);
        db.AddToOutbox(luxi, TimeProvider.System);
        var setBy = await db.Users.Where(u => u.Email == DemoAccounts.OperatorEmail).Select(u => u.Id).SingleAsync();
        db.UnitTargets.Add(UnitTarget.Create(ids[DemoAccounts.Changan], year,
            new TargetRule(TargetBasis.FixedAmount, 200_000, null, null, [LedgerChannel.UnitCollective], [AssistanceMeasure.DirectPurchase]), setBy, DateTime.UtcNow));
        await db.SaveChangesAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.AssistanceEntries.CountAsync(e => e.OrderId == yanshan.OrderId || e.OrderId == luxi.OrderId) < 2)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "The ledger never recorded the orders.");
            await Task.Delay(100);
        }

        return (yanshan.OrderNumber, luxi.OrderNumber);
    }

    private static OrderPaid Paid(DateTime at, Guid? unitId, string channel, string funding, Guid supplierId, string county, string category, int quantity, long amountFen)
    {
        var orderId = Guid.CreateVersion7();
        return new OrderPaid(orderId, "B" + orderId.ToString("N")[..15], Guid.CreateVersion7(), unitId, channel, funding, null, amountFen, at,
            [new PaidLine(Guid.CreateVersion7(), Guid.CreateVersion7(), supplierId, Guid.CreateVersion7(), Guid.CreateVersion7(), county, category, quantity, amountFen / quantity, amountFen)]);
    }
}
