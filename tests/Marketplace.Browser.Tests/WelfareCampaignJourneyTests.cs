using Marketplace.Browser.Tests.Infrastructure;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>
/// 福利自选 at 长安汽车: the demo employee picks on a phone within the allowance and saves; the demo unit admin sees the
/// progress and closes the campaign; the consolidated order exists with the employee on the per-person packing list.
/// </summary>
public sealed class WelfareCampaignJourneyTests : BrowserTest
{
    private const string Employee = "employee@changan.demo";
    private const string Admin = "admin@changan.demo";
    private const long BeefFen = 6_000;
    private const long PearFen = 8_000;

    [Test]
    public async Task An_employee_chooses_within_the_allowance_and_the_admin_closes_into_one_order_with_a_packing_list()
    {
        var (campaignId, name, beef, pears) = await CampaignAsync();
        var page = await OpenAsync(Phone, "/account/login");
        await SignInAsync(page, Employee);
        await page.GotoAsync("/welfare");
        await page.Locator($"#my-campaigns article[data-campaign='{campaignId}']").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.Locator("#allowance")).ToHaveTextAsync("¥200.00");

        await page.GetByRole(AriaRole.Button, new() { Name = $"增加 {beef}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"增加 {beef}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"增加 {pears}" }).ClickAsync();
        await Expect(page.Locator("#left-total")).ToHaveTextAsync("¥0.00");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"增加 {beef}" })).ToBeDisabledAsync();
        // Typing more than fits is cut back to what the allowance still allows.
        await page.GetByLabel($"{beef} 1 袋 的数量").FillAsync("5");
        await Expect(page.GetByLabel($"{beef} 1 袋 的数量")).ToHaveValueAsync("2");
        Assert.That(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "the page fits the phone's width");
        await page.GetByLabel("部门（选填，用于分拣）").FillAsync("总装车间");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存选择" }).ClickAsync();
        await Expect(page.Locator("#choice-status")).ToContainTextAsync("已保存，共 ¥200.00");
        await Screenshots.SaveAsync(page, "welfare-campaign-chosen");

        await page.Context.ClearCookiesAsync();
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        await page.GotoAsync("/account/login");
        await SignInAsync(page, Admin);
        await page.GotoAsync("/unit/welfare-campaigns");
        await page.Locator($"#campaigns article[data-campaign='{campaignId}']").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.Locator("#progress-figures")).ToContainTextAsync("1 / ");
        await Expect(page.Locator("#supplier-totals")).ToContainTextAsync(DemoAccounts.YanshanCooperative);
        await Expect(page.Locator("#supplier-totals")).ToContainTextAsync(DemoAccounts.LuxiPearFirm);
        await Screenshots.SaveAsync(page, "welfare-campaign-progress");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提前截止并下单" }).ClickAsync();
        await Expect(page.Locator("#campaign-status")).ToHaveTextAsync("已截止");
        var packing = page.Locator("#people tr[data-chosen=true]");
        await Expect(packing).ToHaveCountAsync(1);
        await Expect(packing).ToContainTextAsync("职工 陈磊");
        await Expect(packing).ToContainTextAsync("总装车间");
        await Expect(packing).ToContainTextAsync($"{beef} · 1 袋 × 2");

        var orderId = await WithDbAsync(db => db.WelfareCampaigns.Where(c => c.Id == campaignId).Select(c => c.OrderId).SingleAsync());
        Assert.That(orderId, Is.Not.Null, "the consolidated order was placed");
        var subOrders = await EventuallyAsync(() => WithDbAsync(db => db.SubOrders.CountAsync(s => s.OrderId == orderId)), 2);
        Assert.That(subOrders, Is.EqualTo(2), "one sub-order per supplier");
        await page.ReloadAsync();
        await Expect(page.Locator("#sub-orders li")).ToHaveCountAsync(2);
        var roster = await WithDbAsync(db => db.RosterEntries.Where(r => r.OrderId == orderId).Select(r => new { r.Name, r.Department, r.Quantity }).ToListAsync());
        Assert.That(roster.Select(r => (r.Name, r.Department, r.Quantity)), Is.EquivalentTo(new[] { ("职工 陈磊", "总装车间", 2), ("职工 陈磊", "总装车间", 1) }));
        await Screenshots.SaveAsync(page, "welfare-campaign-closed");
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"填入 {email}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的福利" })).ToHaveCountAsync(1);
    }

    private static async Task<int> EventuallyAsync(Func<Task<int>> read, int wanted)
    {
        var value = await read();
        for (var i = 0; i < 100 && value < wanted; i++)
        {
            await Task.Delay(200);
            value = await read();
        }

        return value;
    }

    private static async Task<T> WithDbAsync<T>(Func<MarketplaceDbContext, Task<T>> query)
    {
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
    }

    /// <summary>A campaign of 长安汽车 (what is left lapses) with a beef of 砚山 at ¥60 and pears of 泸西 at ¥80: ¥200 buys two and one.</summary>
    private static Task<(Guid Id, string Name, string Beef, string Pears)> CampaignAsync() =>
        WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var tag = Guid.NewGuid().ToString("N")[..6];
            var beef = await ListingAsync(db, DemoAccounts.YanshanCooperative, "532622", $"福利牛肉{tag}", BeefFen, now);
            var pears = await ListingAsync(db, DemoAccounts.LuxiPearFirm, "532527", $"福利高原梨{tag}", PearFen, now);
            var unit = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.Changan && o.Kind == OrganizationKind.MemberUnit);
            var admin = await db.Users.SingleAsync(u => u.Email == Admin);
            var name = $"2026年春节福利自选{tag}";
            var campaign = WelfareCampaign.Publish(
                unit.Id, name, (2 * BeefFen) + PearFen, now.AddDays(3), "总部行政楼", DemoWelfareCampaign.HeadOffice, LeftoverRule.Lapses,
                [beef.Skus[0].Id, pears.Skus[0].Id], admin.Id, now);
            db.WelfareCampaigns.Add(campaign);
            await db.SaveChangesAsync();
            return (campaign.Id, name, beef.Name, pears.Name);
        });

    private static async Task<Listing> ListingAsync(MarketplaceDbContext db, string supplierName, string county, string name, long priceFen, DateTime now)
    {
        var supplier = await db.Organizations.SingleAsync(o => o.Name == supplierName && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, county, new ListingDetails("FL" + Guid.NewGuid().ToString("N")[..8], name, null, ProductCategory.Meat, "年货", 1, 180, "全国"),
            [new SkuDraft("S1", "1 袋", 500, null, null, priceFen, null, 100, [])], now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        return listing;
    }
}
