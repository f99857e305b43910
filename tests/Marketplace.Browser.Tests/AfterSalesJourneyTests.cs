using System.Text.Json;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>
/// On a phone, the demo employee of 长安汽车 opens a paid order of 泸西高原梨 and asks for part of the money back
/// for a bruised box, with a photo taken on the phone; the request shows under the line with its photo.
/// </summary>
public sealed class AfterSalesJourneyTests : BrowserTest
{
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Test]
    public async Task An_employee_asks_for_a_partial_refund_with_a_photo_on_a_phone()
    {
        var skuId = await PlateauPearsAsync();
        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 employee@changan.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "职工 陈磊" })).ToBeVisibleAsync();
        var orderId = await PaidOrderAsync(page, skuId);

        await page.GotoAsync($"/orders/{orderId}");
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("已付款");
        await page.GetByText("申请售后", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("仅退款").CheckAsync();
        await page.GetByLabel("数量").FillAsync("1");
        await page.GetByLabel("退款金额").FillAsync("20.5");
        await page.GetByLabel("售后原因").FillAsync("一箱有三个梨磕碰");
        await page.GetByLabel("照片").SetInputFilesAsync(new FilePayload { Name = "pears.png", MimeType = "image/png", Buffer = OnePixelPng });
        await Screenshots.SaveAsync(page, "form");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交售后申请" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("售后申请已提交");
        var request = page.Locator(".after-sales").First;
        await Expect(request).ToContainTextAsync("待供应商处理");
        await Expect(request).ToContainTextAsync("¥20.50");
        await Expect(request).ToContainTextAsync("一箱有三个梨磕碰");
        await Expect(request.GetByRole(AriaRole.Img, new() { Name = "售后照片" })).ToBeVisibleAsync();
        var loaded = await request.GetByRole(AriaRole.Img).EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1");
        Assert.That(loaded, Is.True, "The thumbnail is served to its buyer.");
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The order page scrolls sideways.");
    }

    /// <summary>Orders through the API with the page's sign-in, then pays by the event the payments side will send.</summary>
    private static async Task<Guid> PaidOrderAsync(IPage page, Guid skuId)
    {
        var placed = await page.APIRequest.PostAsync("/api/orders", new()
        {
            Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") },
            DataObject = new
            {
                lines = new[] { new { skuId, quantity = 2 } },
                address = new { recipient = "陈磊", phone = "13900002021", region = "重庆市江北区", line = "建新东路 260 号" },
                fundingSource = "Personal",
            },
        });
        Assert.That(placed.Status, Is.EqualTo(202), await placed.TextAsync());
        var location = placed.Headers["location"];
        var order = await UntilAsync(page, location, "AwaitingPayment");
        var orderId = order.GetProperty("id").GetGuid();
        await using (var scope = BrowserSession.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            db.AddToOutbox(new PaymentSucceeded(orderId, Guid.CreateVersion7(), order.GetProperty("totalFen").GetInt64(), "Test", DateTime.UtcNow), TimeProvider.System);
            await db.SaveChangesAsync();
        }

        await UntilAsync(page, location, "Paid");
        return orderId;
    }

    private static async Task<JsonElement> UntilAsync(IPage page, string location, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = (await (await page.APIRequest.GetAsync(location)).JsonAsync())!.Value;
            if (order.GetProperty("status").GetString() == status)
            {
                return order;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"The order never became {status}.");
            await Task.Delay(100);
        }
    }

    private static async Task<Guid> PlateauPearsAsync()
    {
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.LuxiPearFirm && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, "532527",
            new ListingDetails("AS" + Guid.NewGuid().ToString("N")[..10], "泸西高原梨 10kg", "高原梨", ProductCategory.Fruit, "泸西县高原梨，脆甜多汁", 1, 30, "全国"),
            [new SkuDraft("10KG", "10kg 礼盒", 10000, null, null, 6800, 7900, 200, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Skus.Single().Id;
    }
}
