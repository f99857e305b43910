using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

public sealed class OperatorJourneyTests : BrowserTest
{
    [Test]
    public async Task The_operator_signs_in_from_the_demo_table_and_sees_the_unit_tree()
    {
        var page = await OpenAsync(Phone, "/account/login");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "演示账号" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "填入 operator@csgc.demo" }).ClickAsync();
        await Expect(page.GetByLabel("电子邮箱")).ToHaveValueAsync("operator@csgc.demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "运营后台" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(BrowserSession.BaseAddress, "/operator/units").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "成员单位", Exact = true })).ToBeVisibleAsync();
        var tree = page.GetByRole(AriaRole.List, new() { Name = "单位树" });
        await Expect(tree.Locator(".unit__name", new() { HasTextString = "中国兵器装备集团" })).ToBeVisibleAsync();
        await Expect(tree.Locator(".unit__name").GetByText("长安汽车", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(tree.Locator(".unit__name").GetByText("嘉陵特装", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(tree.Locator(".unit__name").GetByText("长安汽车工会", new() { Exact = true })).ToBeVisibleAsync();
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The unit tree scrolls sideways on a phone.");

        await tree.Locator(".unit__summary", new() { HasTextString = "嘉陵特装职工食堂" }).ClickAsync();
        var opened = tree.Locator("details[open]");
        await Expect(opened.Locator(".unit__history .tag")).ToHaveTextAsync("当前");
        await Expect(opened.GetByRole(AriaRole.Button, new() { Name = "调整隶属" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "unit-tree");
    }

    [Test]
    public async Task An_employee_has_no_operator_console()
    {
        var page = await OpenAsync(Phone, "/account/login");

        await page.GetByRole(AriaRole.Button, new() { Name = "填入 employee@changan.demo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "职工 陈磊" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "运营后台" })).ToHaveCountAsync(0);
        await page.GotoAsync("/operator/units");
        await Expect(page.GetByText("403")).ToBeVisibleAsync();
    }
}
