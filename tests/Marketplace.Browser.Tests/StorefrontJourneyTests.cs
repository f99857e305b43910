using Marketplace.Browser.Tests.Infrastructure;
using Marketplace.Core.Data;
using Marketplace.Tests.Catalog;
using Marketplace.Web.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>A shopper finds products by a Chinese word, filters them and reads a product page, on a phone and a desktop.</summary>
public sealed class StorefrontJourneyTests : BrowserTest
{
    private static readonly SemaphoreSlim _seeding = new(1, 1);
    private static bool _seeded;

    [OneTimeSetUp]
    public async Task SeedOnce()
    {
        await _seeding.WaitAsync();
        try
        {
            if (!_seeded)
            {
                await using var scope = BrowserSession.Services.CreateAsyncScope();
                await StorefrontSeed.CreateAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
                _seeded = true;
            }
        }
        finally
        {
            _seeding.Release();
        }
    }

    [Test]
    public async Task On_a_phone_a_shopper_searches_for_pears_and_reads_the_premium_and_the_benefit_linkage()
    {
        var page = await OpenAsync(Phone);

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "搜索词" }).FillAsync("梨");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "“梨”的搜索结果" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "高原梨 5kg", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "文山牛肉干 麻辣味", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("地区", new() { Exact = true })).Not.ToBeVisibleAsync();
        await page.GetByText("筛选与排序").ClickAsync();
        await Expect(page.GetByLabel("地区", new() { Exact = true })).ToBeVisibleAsync();
        await AssertFitsAsync(page);

        await page.GetByRole(AriaRole.Heading, new() { Name = "高原梨 10kg 礼盒", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "高原梨 10kg 礼盒", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("比市场参考价高 ¥10.00，帮扶溢价")).ToBeVisibleAsync();
        await Expect(page.GetByText("每购买一份，支持泸西县 458 户联农户")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
    }

    [Test]
    public async Task On_a_desktop_the_filters_stand_beside_the_products_and_narrow_them()
    {
        var page = await OpenAsync(Desktop, "/products");

        await Expect(page.GetByText("筛选与排序")).Not.ToBeVisibleAsync();
        await page.GetByLabel("地区", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "Xinjiang" });
        await page.GetByLabel("排序", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "price_asc" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();

        // The demo data's Xinjiang products are on the shelf too: check this test's own ones and the order of all.
        var names = page.Locator(".product-card__name");
        await Expect(names.GetByText("和田薄皮核桃", new() { Exact = true })).ToBeVisibleAsync();
        var shown = (await names.AllTextContentsAsync()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(shown, Does.Contain("和田红枣 特级"));
            Assert.That(shown.IndexOf("和田薄皮核桃"), Is.LessThan(shown.IndexOf("和田红枣 特级")), "cheaper first");
            Assert.That(shown, Has.None.Contains("高原梨"), "only Xinjiang");
        });
        var prices = (await page.Locator(".product-card .price").AllTextContentsAsync())
            .Select(p => decimal.Parse(p.TrimStart('¥').Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(prices, Is.Ordered, "sorted by price");
    }

    [Test]
    public async Task On_a_phone_the_winter_coats_read_as_made_to_order_not_out_of_stock()
    {
        var page = await OpenAsync(Phone);
        var madeToOrder = $"现做，约{DemoListings.WinterCoatLeadTimeDays}天发货";

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "搜索词" }).FillAsync("棉服");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();

        var card = page.Locator(".product-card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "冬季棉服 工装", Exact = true }) });
        await Expect(card.GetByText(madeToOrder)).ToBeVisibleAsync();
        await Expect(card.GetByText("缺货")).ToHaveCountAsync(0);
        await card.GetByRole(AriaRole.Heading, new() { Name = "冬季棉服 工装", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "冬季棉服 工装", Level = 1 })).ToBeVisibleAsync();
        var sizes = page.Locator(".sku");
        await Expect(sizes).ToHaveCountAsync(6);
        await Expect(sizes.GetByText(madeToOrder)).ToHaveCountAsync(6);
        await Expect(sizes.GetByText("缺货")).ToHaveCountAsync(0);
        await AssertFitsAsync(page);
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The page scrolls sideways on a phone.");
    }
}
