using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>
/// The demo employee of 长安汽车 pays an order of 泸西 pears partly with the demo allowance and the rest on the
/// test-payment page, sees it paid, then cancels it and sees the allowance back in 我的福利.
/// </summary>
public sealed class AllowancePaymentJourneyTests : BrowserTest
{
    [Test]
    public async Task An_employee_pays_partly_with_the_allowance_and_the_rest_on_the_test_payment_page()
    {
        var listingId = await OrderingJourneyTests.PlateauPearsAsync();
        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 employee@changan.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的福利" })).ToHaveCountAsync(1);

        await page.GotoAsync($"/products/{listingId}");
        await page.GetByLabel("数量").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "将 5kg 礼盒 加入购物车" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "去结算" }).ClickAsync();
        await page.GetByLabel("使用新地址").CheckAsync();
        await page.GetByLabel("收货人", new() { Exact = true }).FillAsync("陈磊");
        await page.GetByLabel("联系电话").FillAsync("13900002021");
        await page.GetByLabel("所在地区").FillAsync("重庆市江北区");
        await page.GetByLabel("详细地址").FillAsync("建新东路 260 号");
        await page.GetByLabel("个人支付").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交订单" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/[0-9a-f-]{36}$"));
        var orderUrl = page.Url;
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("待付款", new() { Timeout = 20_000 });
        await Expect(page.Locator("#use-allowance")).ToBeCheckedAsync();
        await page.GetByLabel("使用福利额度（元）").FillAsync("100.00");
        await Screenshots.SaveAsync(page, "order-pay-with-allowance");
        await page.GetByRole(AriaRole.Button, new() { Name = "去支付" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/payments/test/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#test-payment-amount")).ToHaveTextAsync("¥36.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "模拟支付成功" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/[0-9a-f-]{36}$"));

        await page.GotoAsync(orderUrl);
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("已付款", new() { Timeout = 20_000 });
        await Expect(page.Locator(".payment-part")).ToHaveCountAsync(2);
        await Expect(page.Locator(".payment-parts")).ToContainTextAsync("¥100.00");
        await Expect(page.Locator(".payment-parts")).ToContainTextAsync("¥36.00");
        await Screenshots.SaveAsync(page, "order-paid-with-allowance");

        // Give the allowance back, so the demo wallet is as seeded for the other journeys.
        await page.GetByRole(AriaRole.Button, new() { Name = "取消订单" }).ClickAsync();
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("已取消", new() { Timeout = 20_000 });
        var wallet = page.Locator("article[data-wallet]").Filter(new() { HasTextString = "中秋职工福利" });
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await page.GotoAsync("/welfare");
            if (await wallet.Locator(".wallet-balance").TextContentAsync() == "¥300.00")
            {
                break;
            }

            await Task.Delay(500);
        }

        await Expect(wallet.Locator(".wallet-balance")).ToHaveTextAsync("¥300.00");
    }
}
