using Marketplace.Browser.Tests.Infrastructure;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>The demo purchaser of 长安汽车 on a phone opens the winter-uniform agreement and sees its use against the cap and its schedule.</summary>
public sealed class AgreementJourneyTests : BrowserTest
{
    private const string Purchaser = "purchaser@changan.demo";

    [Test]
    public async Task A_purchaser_opens_the_winter_uniform_agreement_and_sees_its_progress()
    {
        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = $"填入 {Purchaser}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true })).ToHaveCountAsync(0);

        await page.GotoAsync("/agreements");
        var agreement = page.GetByRole(AriaRole.Region, new() { Name = DemoAgreements.WinterUniformTitle(ChinaCalendar.Today(TimeProvider.System).Year) });
        await Expect(agreement).ToHaveCountAsync(1);
        await Expect(agreement).ToContainTextAsync("疏附县天山工装服饰有限公司");
        await Expect(agreement.Locator("dl.facts")).ToContainTextAsync("¥153,600.00");
        await Expect(agreement.Locator("progress")).ToHaveAttributeAsync("max", "15360000");
        await Expect(agreement.Locator("li.order-line")).ToHaveCountAsync(3);
        await Expect(agreement.Locator("li.order-line").First).ToContainTextAsync("产能已确认");
        await Expect(agreement.Locator("li.order-line").Last).ToContainTextAsync("待供应商确认产能");
        await Expect(agreement.GetByRole(AriaRole.Button, new() { Name = "按计划下单" }).First).ToBeVisibleAsync();
        Assert.That(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "the page fits the phone's width");
        await Screenshots.SaveAsync(page, "agreement-progress");
    }
}
