using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>
/// The demo employee of 长安汽车 buys 泸西高原梨: adds two boxes to the cart on the product page, checks out to a new
/// address, and sees the order in 我的订单 waiting for payment.
/// </summary>
public sealed class OrderingJourneyTests : BrowserTest
{
    private static IEnumerable<TestCaseData> Viewports()
    {
        yield return new TestCaseData(Desktop).SetArgDisplayNames("desktop");
        yield return new TestCaseData(Phone).SetArgDisplayNames("phone");
    }

    [TestCaseSource(nameof(Viewports))]
    public async Task An_employee_checks_out_plateau_pears_and_sees_the_order_awaiting_payment(ViewportSize viewport)
    {
        var listingId = await PlateauPearsAsync();
        var page = await OpenAsync(viewport, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 employee@changan.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "职工 陈磊" })).ToBeVisibleAsync();

        await page.GotoAsync($"/products/{listingId}");
        await page.GetByLabel("数量").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "将 5kg 礼盒 加入购物车" }).ClickAsync();

        var navigation = page.GetByRole(AriaRole.Navigation);
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "购物车 (2)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "购物车", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("泸西高原梨 5kg", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#cart-total")).ToHaveTextAsync("¥136.00");
        await Screenshots.SaveAsync(page, "cart");

        await page.GetByRole(AriaRole.Link, new() { Name = "去结算" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "结算" })).ToBeVisibleAsync();
        await page.GetByLabel("使用新地址").CheckAsync();
        await page.GetByLabel("收货人", new() { Exact = true }).FillAsync("陈磊");
        await page.GetByLabel("联系电话").FillAsync("13900002021");
        await page.GetByLabel("所在地区").FillAsync("重庆市江北区");
        await page.GetByLabel("详细地址").FillAsync("建新东路 260 号");
        await page.GetByLabel("个人支付").CheckAsync();
        await Expect(page.GetByLabel("单位采购资金")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "checkout");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交订单" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("待付款", new() { Timeout = 20_000 });
        var heading = await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync();
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The order page scrolls sideways.");
        await Screenshots.SaveAsync(page, "order");

        await navigation.GetByRole(AriaRole.Link, new() { Name = "我的订单" }).ClickAsync();
        var mine = page.Locator(".order-list__item").First;
        await Expect(mine).ToContainTextAsync(heading!);
        await Expect(mine).ToContainTextAsync("待付款");
        await Expect(mine).ToContainTextAsync("¥136.00");
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "购物车 (0)" })).ToBeVisibleAsync();
    }

    /// <summary>A published 泸西高原梨 5kg listing of the demo supplier 泸西, of this test's own, so its stock and price are known.</summary>
    internal static async Task<Guid> PlateauPearsAsync()
    {
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.LuxiPearFirm && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, "532527",
            new ListingDetails("LX" + Guid.NewGuid().ToString("N")[..10], "泸西高原梨 5kg", "高原梨", ProductCategory.Fruit, "泸西县高原梨，脆甜多汁", 1, 30, "全国"),
            [new SkuDraft("5KG", "5kg 礼盒", 5000, null, null, 6800, 7900, 200, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Id;
    }
}
