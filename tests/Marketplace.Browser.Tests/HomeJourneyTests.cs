using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

public sealed class HomeJourneyTests : BrowserTest
{
    [Test]
    public async Task Home_is_Chinese_on_a_phone_and_fits_the_screen()
    {
        var page = await OpenAsync(Phone);

        await ExpectChineseHomeAsync(page);
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The page scrolls sideways on a phone.");
    }

    [Test]
    public async Task Home_is_Chinese_on_a_desktop()
    {
        var page = await OpenAsync(Desktop);

        await ExpectChineseHomeAsync(page);
    }

    [Test]
    public async Task Language_switch_turns_the_site_English_and_back()
    {
        var page = await OpenAsync(Phone);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Consumption Assistance Marketplace" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What counts as consumption assistance" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "en");

        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();

        await ExpectChineseHomeAsync(page);
    }

    [Test]
    public async Task Sign_in_page_is_reachable_from_the_header()
    {
        var page = await OpenAsync(Phone);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(BrowserSession.BaseAddress, "/account/login").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("电子邮箱")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("密码", new() { Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Expect(page.GetByText("请填写电子邮箱。")).ToBeVisibleAsync();
    }

    private static async Task ExpectChineseHomeAsync(IPage page)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "消费帮扶商城" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "什么算作消费帮扶" })).ToBeVisibleAsync();
        await Expect(page.GetByText("购买者有回报，受助者有尊严").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "砚山县", Exact = true })).ToBeVisibleAsync();
    }
}
