using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Core.Data;
using Marketplace.Tests.Catalog;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>The storefront pages, rendered on the server from the same reads as the API.</summary>
public sealed partial class StorefrontPagesTests : WebAppFixture
{
    private StorefrontSeed _seed = null!;
    private HttpClient _client = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "false" });

    [OneTimeSetUp]
    public async Task Seed()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            _seed = await StorefrontSeed.CreateAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
        }

        _client = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client.Dispose();

    [Test]
    public async Task Home_shows_the_newest_products_the_featured_counties_with_their_counts_and_the_brands()
    {
        var html = await PageAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("新品上架").And.Contain("和田薄皮核桃").And.Contain("高原梨 5kg"));
            Assert.That(html, Does.Contain("href=\"/products?county=532622\">查看商品（3 件）"));
            Assert.That(html, Does.Contain("href=\"/products?county=532527\">查看商品（5 件）"));
            Assert.That(html, Does.Contain("href=\"/products?region=Xinjiang\">查看商品（2 件）"));
            Assert.That(html, Does.Contain("文山牛 (2)").And.Contain("和田玉枣 (2)"));
            Assert.That(html, Does.Contain("砚山县").And.Contain("泸西县").And.Contain("直接采购").And.Contain("帮助销售"));
            Assert.That(html, Does.Not.Contain("已下架").And.Not.Contain("草稿"));
            Assert.That(html, Does.Contain("role=\"search\"").And.Contain("name=\"q\""));
        });
    }

    [Test]
    public async Task The_list_searches_in_Chinese_and_filters()
    {
        var pears = await PageAsync("/products?q=" + Uri.EscapeDataString("梨"));
        var xinjiang = await PageAsync("/products?region=Xinjiang&sort=price_asc");
        var cheap = await PageAsync("/products?maxPrice=39");

        Assert.Multiple(() =>
        {
            Assert.That(pears, Does.Contain("“梨”的搜索结果").And.Contain("高原梨 5kg").And.Contain("高原梨 10kg 礼盒").And.Not.Contain("文山牛肉干"));
            Assert.That(pears, Does.Contain("帮扶溢价 ¥8.00"));
            Assert.That(xinjiang.IndexOf("和田薄皮核桃", StringComparison.Ordinal), Is.LessThan(xinjiang.IndexOf("和田红枣 特级", StringComparison.Ordinal)));
            Assert.That(xinjiang, Does.Not.Contain("高原梨 5kg"));
            Assert.That(Products(cheap), Is.EquivalentTo(new[] { "砚山辣椒", "山药_特级", "和田薄皮核桃" }));
        });
    }

    [Test]
    public async Task More_follows_the_cursor_until_every_product_was_shown_once()
    {
        var seen = new List<string>();
        var url = "/products?sort=price_desc&limit=4";
        for (var pages = 0; url is not null && pages < 10; pages++)
        {
            var html = await PageAsync(url);
            seen.AddRange(Products(html));
            url = MoreLink().Match(html) is { Success: true } more ? WebUtility.HtmlDecode(more.Groups[1].Value) : null;
        }

        Assert.That(seen, Has.Count.EqualTo(StorefrontSeed.VisibleKeys.Length));
        Assert.That(seen, Is.Unique);
    }

    [Test]
    public async Task Bad_filters_are_explained_on_the_page()
    {
        using var response = await _client.GetAsync("/products?minPrice=abc&sort=cheapest");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("最低价须为不小于 0 的金额（元）").And.Contain("排序须为以下之一"));
    }

    [Test]
    public async Task Detail_shows_skus_tiers_the_premium_the_county_and_the_benefit_linkage()
    {
        var html = await PageAsync($"/products/{_seed["beefJerky"]}");

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<h1>文山牛肉干 麻辣味</h1>"));
            Assert.That(html, Does.Contain("250g 袋装").And.Contain("500g 袋装"));
            Assert.That(html, Does.Contain("比市场参考价高 ¥10.00，帮扶溢价"));
            Assert.That(html, Does.Contain("≥ 20").And.Contain("¥63.00").And.Contain("≥ 100").And.Contain("¥60.00"));
            Assert.That(html, Does.Contain("库存紧张").And.Contain("有货"));
            Assert.That(html, Does.Contain("每购买一份，支持砚山县 312 户联农户"));
            Assert.That(html, Does.Contain("文山壮族苗族自治州").And.Contain("定点帮扶"));
            Assert.That(html, Does.Contain("砚山县测试养牛合作社"));
        });
        var english = await PageAsync($"/products/{_seed["beefJerky"]}?culture=en");
        Assert.That(english, Does.Contain("¥10.00 above the market reference price").And.Contain("Every purchase supports 312 linked households"));
    }

    [Test]
    public async Task A_product_off_the_storefront_has_no_page()
    {
        foreach (var hidden in StorefrontSeed.HiddenKeys)
        {
            using var response = await _client.GetAsync($"/products/{_seed[hidden]}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), hidden);
        }
    }

    private static List<string> Products(string html) =>
        [.. ProductName().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private async Task<string> PageAsync(string url)
    {
        using var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        return html;
    }

    [GeneratedRegex("<h3 class=\"product-card__name\">([^<]*)</h3>")]
    private static partial Regex ProductName();

    [GeneratedRegex("<a class=\"button\" href=\"([^\"]*)\" rel=\"next\">")]
    private static partial Regex MoreLink();
}
