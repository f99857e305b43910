using Marketplace.Core.Campaigns;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>
/// Help-sell attribution: the demo employee follows a TV programme's link, lands on its featured 文山牛肉干, checks out
/// paying personally, sees the campaign named at checkout, and the order records the campaign.
/// </summary>
public sealed class CampaignJourneyTests : BrowserTest
{
    [Test]
    public async Task An_order_placed_after_following_a_campaign_link_carries_the_campaign()
    {
        var (listingId, code) = await CampaignWithListingAsync();
        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 employee@changan.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "职工 陈磊" })).ToBeVisibleAsync();

        await page.GotoAsync("/c/" + code);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/products/{listingId}$"));
        await page.GetByLabel("数量").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "将 250g 袋装 加入购物车" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "去结算" }).ClickAsync();

        await Expect(page.Locator("#checkout-campaign")).ToContainTextAsync("乡村振兴直播间");
        await page.GetByLabel("使用新地址").CheckAsync();
        await page.GetByLabel("收货人", new() { Exact = true }).FillAsync("陈磊");
        await page.GetByLabel("联系电话").FillAsync("13900002021");
        await page.GetByLabel("所在地区").FillAsync("重庆市江北区");
        await page.GetByLabel("详细地址").FillAsync("建新东路 260 号");
        await page.GetByLabel("个人支付").CheckAsync();
        await Screenshots.SaveAsync(page, "checkout-campaign");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交订单" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#order-impact")).ToContainTextAsync("砚山县", new() { Timeout = 20_000 });
        var orderId = Guid.Parse(page.Url[^36..]);
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        Assert.That(await db.Orders.Where(o => o.Id == orderId).Select(o => o.CampaignCode).SingleAsync(), Is.EqualTo(code));
    }

    /// <summary>A published listing of the demo Yanshan cooperative and a running campaign that lands on it.</summary>
    private static async Task<(Guid ListingId, string Code)> CampaignWithListingAsync()
    {
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.YanshanCooperative && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, "532622",
            new ListingDetails("YS" + Guid.NewGuid().ToString("N")[..10], "文山牛肉干", "文山牛", ProductCategory.Meat, "砚山黄牛，草饲", 1, 180, "全国"),
            [new SkuDraft("250G", "250g 袋装", 250, null, null, 4500, null, 200, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        var today = ChinaCalendar.DateOf(now);
        var code = "TV" + Guid.NewGuid().ToString("N")[..8];
        db.Campaigns.Add(Campaign.Create(code, "乡村振兴直播间", CampaignKind.TvProgramme, today.AddDays(-1), today.AddDays(7), 7, listing.Id, Guid.CreateVersion7(), now));
        await db.SaveChangesAsync();
        return (listing.Id, code);
    }
}
