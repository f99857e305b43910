using System.Text.RegularExpressions;
using Marketplace.Browser.Tests.Infrastructure;
using Marketplace.Web.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>A listing's whole way to the storefront: the supplier creates and submits it, an operator approves it, a shopper finds it.</summary>
public sealed class CatalogJourneyTests : BrowserTest
{
    [Test]
    public async Task A_supplier_lists_ginger_an_operator_approves_it_and_a_shopper_finds_it_by_a_chinese_word()
    {
        var name = "砚山小黄姜" + Random.Shared.Next(100, 999);
        var page = await OpenAsync(Phone, "/account/login");
        await SignInAsync(page, "admin@yanshan-cattle.demo");

        await page.GotoAsync("/supplier/listing-edit");
        await page.Locator("#Details_Name").FillAsync(name);
        await page.Locator("#Details_Brand").FillAsync("砚山山货");
        await page.Locator("#Details_Category").SelectOptionAsync("Vegetables");
        await page.Locator("#Details_Description").FillAsync("红土地里长的小黄姜，辣味足。");
        await page.Locator("#Details_ProductCode").FillAsync("YS-GINGER-" + Guid.NewGuid().ToString("N")[..6]);
        await page.Locator("#Details_ShippingRegions").FillAsync("全国（港澳台除外）");
        await page.Locator("#Skus_0__Spec").FillAsync("2.5kg 箱装");
        await page.Locator("#Skus_0__WeightGrams").FillAsync("2500");
        await page.Locator("#Skus_0__Price").FillAsync("39.90");
        await page.Locator("#Skus_0__Stock").FillAsync("200");
        await page.Locator("#create-listing").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/supplier/listing-edit/[0-9a-f-]{36}"));

        await page.GotoAsync("/supplier/listings");
        var card = page.Locator(".listing-card", new() { HasTextString = name });
        await card.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Expect(page.Locator(".listing-card", new() { HasTextString = name }).Locator(".tag")).ToHaveTextAsync("审核中");
        await Screenshots.SaveAsync(page, "supplier-listing-submitted");

        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/account/login");
        await SignInAsync(page, "operator@csgc.demo");
        await page.GotoAsync("/operator/listings");
        var review = page.Locator("li", new() { HasTextString = name }).Last;
        await review.GetByRole(AriaRole.Button, new() { Name = "通过", Exact = true }).ClickAsync();
        await Expect(page.Locator("li", new() { HasTextString = name })).ToHaveCountAsync(0);

        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "搜索词" }).FillAsync("黄姜");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "搜索词" }).PressAsync("Enter");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.GetByText("砚山县").First).ToBeVisibleAsync();
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The product page scrolls sideways on a phone.");
        await Screenshots.SaveAsync(page, "shopper-finds-ginger");
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GetByLabel("电子邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
    }
}
