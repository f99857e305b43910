using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>The demo employee of 长安汽车 on a phone: 我的福利 shows the demo programme, what it buys, and its ledger.</summary>
public sealed class WelfareJourneyTests : BrowserTest
{
    private const string Employee = "employee@changan.demo";

    [Test]
    public async Task An_employee_sees_their_allowance_on_a_phone_and_shops_in_an_eligible_county()
    {
        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = $"填入 {Employee}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的福利" })).ToHaveCountAsync(1);

        await page.GotoAsync("/welfare");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的福利", Exact = true })).ToBeVisibleAsync();
        var wallet = page.Locator("article[data-wallet]").Filter(new() { HasTextString = "中秋职工福利" });
        await Expect(wallet).ToHaveCountAsync(1);
        await Expect(wallet.Locator(".wallet-balance")).ToHaveTextAsync("¥300.00");
        await Expect(wallet).ToContainTextAsync("长安汽车");
        await Expect(wallet.GetByText("砚山县", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(wallet.GetByText("泸西县", new() { Exact = true })).ToBeVisibleAsync();
        Assert.That(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "the page fits the phone's width");

        await wallet.Locator("summary").GetByText("明细").ClickAsync();
        var grant = wallet.Locator("tr[data-kind=Grant]");
        await Expect(grant).ToContainTextAsync("发放");
        await Expect(grant).ToContainTextAsync("+¥300.00");
        await Screenshots.SaveAsync(page, "welfare-wallet");

        await wallet.GetByRole(AriaRole.Link, new() { Name = "去选购: 砚山县" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(BrowserSession.BaseAddress, "/products?county=532622").ToString());
        var cards = page.Locator("article.product-card");
        await Expect(cards.First).ToBeVisibleAsync();
        await Expect(cards.Locator(".product-card__origin").First).ToContainTextAsync("砚山县");
        Assert.That(await cards.Locator(".product-card__origin").AllInnerTextsAsync(), Has.All.StartWith("砚山县"), "only the eligible county's products");
    }
}
