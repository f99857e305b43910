using System.Text;
using System.Text.RegularExpressions;
using Marketplace.Browser.Tests.Infrastructure;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>
/// The demo purchaser of 长安汽车 uploads a uniform roster on a phone, sees the upload progress bar and then the server's
/// check progress reach every line, checks it, and submits the order; over the unit's ¥5,000 threshold it waits for
/// approval, and once the demo approver approves it in her queue it awaits payment.
/// </summary>
public sealed partial class UniformOrderJourneyTests : BrowserTest
{
    [Test]
    public async Task A_purchaser_uploads_a_uniform_roster_with_a_progress_bar_and_the_approver_approves_the_order()
    {
        var garment = await SummerUniformAsync();
        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 purchaser@changan.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.GotoAsync("/unit/bulk-order");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "集体采购与工装订单" })).ToBeVisibleAsync();

        await page.GetByLabel("工装订单").CheckAsync();
        var roster = $"姓名,工号,部门,服装,尺码,数量\n张三,E001,总装车间,{garment},M,\n李四,E002,总装车间,{garment},L,40\n王五,E003,质检部,{garment},M,\n";
        await page.GetByLabel("上传 CSV 或 xlsx 文件").SetInputFilesAsync(new FilePayload { Name = "花名册.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(roster) });
        await page.GetByRole(AriaRole.Button, new() { Name = "检查", Exact = true }).ClickAsync();
        await Expect(page.Locator("#check-good")).ToContainTextAsync("全部 3 行无误");
        await Expect(page.Locator("#sku-totals")).ToContainTextAsync("尺码 L");
        await Expect(page.Locator("#sku-totals")).ToContainTextAsync("现货");

        // Hold the answer back a moment so the progress bar can be seen while the server works.
        await page.RouteAsync("**/unit/bulk-order?handler=Submit", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        // The page polls the server's check progress: what it was told must reach every line of the roster.
        var progress = new List<(int Checked, int Total, bool Done)>();
        await page.RouteAsync("**/api/unit-orders/check-progress/*", async route =>
        {
            var response = await route.FetchAsync();
            if (response.Ok)
            {
                var p = (await response.JsonAsync())!.Value;
                lock (progress)
                {
                    progress.Add((p.GetProperty("checked").GetInt32(), p.GetProperty("total").GetInt32(), p.GetProperty("done").GetBoolean()));
                }
            }

            await route.FulfillAsync(new() { Response = response });
        });
        await page.GetByLabel("上传 CSV 或 xlsx 文件").SetInputFilesAsync(new FilePayload { Name = "花名册.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(roster) });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交订单" }).ClickAsync();
        await Expect(page.Locator("#upload-progress")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "progress");

        await Expect(page).ToHaveURLAsync(OrderPage(), new() { Timeout = 20_000 });
        lock (progress)
        {
            Assert.That(progress, Does.Contain((3, 3, true)), "the page saw the server's check reach 已校验 3 / 3 行");
        }

        await Expect(page.Locator("#order-status")).ToHaveTextAsync("待审批", new() { Timeout = 20_000 });
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The order page scrolls sideways.");
        await Screenshots.SaveAsync(page, "placed");

        // The heading reads "订单 …", as the approval queue lists the order.
        var heading = (await page.Locator("h1").TextContentAsync())!.Trim();
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 approver@changan.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.GotoAsync("/unit/approvals");
        var waiting = page.Locator("#approvals li").Filter(new() { HasText = heading });
        await waiting.GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("#approve").ClickAsync();
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("待付款", new() { Timeout = 20_000 });
        await Screenshots.SaveAsync(page, "approved");
    }

    [GeneratedRegex("/orders/[0-9a-f-]{36}$")]
    private static partial Regex OrderPage();

    /// <summary>A summer uniform of the demo supplier 砚山 in sizes S to XL, and an address in the demo purchaser's book.</summary>
    private static async Task<string> SummerUniformAsync()
    {
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.YanshanCooperative && o.Kind == OrganizationKind.Supplier);
        var code = "GZ" + Guid.NewGuid().ToString("N")[..8];
        var listing = Listing.Create(
            supplier, "532622",
            new ListingDetails(code, "新疆棉夏季工装", "天山", ProductCategory.Uniforms, "新疆长绒棉，透气耐磨", 1, null, "全国"),
            [.. new[] { "S", "M", "L", "XL" }.Select(size => new SkuDraft(size, "尺码 " + size, null, null, size, 12800, null, 100, []))],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        var purchaser = await db.Users.SingleAsync(u => u.Email == "purchaser@changan.demo");
        if (!await db.SavedAddresses.AnyAsync(a => a.UserId == purchaser.Id))
        {
            db.SavedAddresses.Add(new SavedAddress(purchaser.Id, "总装车间", new DeliveryAddress("刘洋", "13800002021", "重庆市江北区", "建新东路 260 号", "400020"), now));
        }

        await db.SaveChangesAsync();
        return code;
    }
}
