using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Marketplace.Tests.Catalog;
using Marketplace.Web.Catalog.Storefront;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>The storefront API on the embedded default (SQLite), over listings in every state.</summary>
public sealed class StorefrontApiTests : WebAppFixture
{
    private StorefrontSeed _seed = null!;
    private HttpClient _client = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "false" });

    [OneTimeSetUp]
    public async Task Seed()
    {
        _seed = await InDbAsync(StorefrontSeed.CreateAsync);
        _client = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client.Dispose();

    [Test]
    public async Task Only_published_listings_of_certified_suppliers_appear()
    {
        var ids = await AllIdsAsync("newest");

        Assert.That(ids, Is.EquivalentTo(StorefrontSeed.VisibleKeys.Select(k => _seed[k])));
        foreach (var hidden in StorefrontSeed.HiddenKeys)
        {
            using var detail = await _client.GetAsync($"/api/storefront/products/{_seed[hidden]}");
            Assert.That(detail.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), hidden);
        }
    }

    [Test]
    public async Task Suspending_a_supplier_takes_all_its_products_off_at_once_and_reinstating_brings_them_back()
    {
        string[] hotan = ["dates", "walnuts"];
        Assert.That(await AllIdsAsync("newest"), Is.SupersetOf(hotan.Select(k => _seed[k])));

        await InDbAsync(db => StorefrontSeed.SuspendAsync(db, _seed.Hotan));
        try
        {
            Assert.That(await AllIdsAsync("newest"), Is.EquivalentTo(StorefrontSeed.VisibleKeys.Except(hotan).Select(k => _seed[k])));
            using var detail = await _client.GetAsync($"/api/storefront/products/{_seed["dates"]}");
            Assert.That(detail.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            var facets = await GetJsonAsync("/api/storefront/facets");
            Assert.That(facets.GetProperty("counties").EnumerateArray().Select(c => c.GetProperty("code").GetString()), Does.Not.Contain("653221"));
        }
        finally
        {
            await InDbAsync(db => StorefrontSeed.ReinstateAsync(db, _seed.Hotan));
        }

        Assert.That(await AllIdsAsync("newest"), Is.SupersetOf(hotan.Select(k => _seed[k])));
    }

    [TestCase("newest")]
    [TestCase("price_asc")]
    [TestCase("price_desc")]
    [TestCase("best_selling")]
    public async Task Keyset_pages_return_every_visible_listing_once_in_order(string sort)
    {
        var expected = StorefrontSeed.Ordered(await InDbAsync(StorefrontSeed.VisibleAsync), ProductListRequest.Sorts[sort]).Select(l => l.Id).ToList();

        var pages = new List<List<Guid>>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync($"/api/storefront/products?sort={sort}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            pages.Add([.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())]);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 20);

        Assert.That(pages.SelectMany(p => p).ToList(), Is.EqualTo(expected));
        Assert.That(pages.Take(pages.Count - 1).Select(p => p.Count), Is.All.EqualTo(3));
    }

    [TestCase("county=532527", new[] { "pear5kg", "pear10kg", "honey100", "honey1000", "yam" })]
    [TestCase("region=Xinjiang", new[] { "dates", "walnuts" })]
    [TestCase("region=yunnandesignated&category=Vegetables", new[] { "chili", "yam" })]
    [TestCase("category=Fruit", new[] { "pear5kg", "pear10kg" })]
    [TestCase("brand=文山牛", new[] { "beefJerky", "beef5kg" })]
    [TestCase("minPriceFen=6800&maxPriceFen=12800", new[] { "beefJerky", "pear5kg", "pear10kg", "honey1000", "dates" })]
    [TestCase("maxPriceFen=3900", new[] { "chili", "yam", "walnuts" })]
    [TestCase("inStock=true&county=532622", new[] { "beefJerky", "beef5kg" })]
    [TestCase("inStock=false&county=532622", new[] { "beefJerky", "beef5kg", "chili" })]
    public async Task Filters_narrow_the_list(string query, string[] keys) =>
        Assert.That(await AllIdsAsync("newest", query), Is.EquivalentTo(keys.Select(k => _seed[k])));

    [TestCase("梨", new[] { "pear5kg", "pear10kg" })]
    [TestCase("牛肉", new[] { "beefJerky", "beef5kg" })]
    [TestCase("100%", new[] { "honey100" })]
    [TestCase("１００％", new[] { "honey100" })]
    [TestCase("_", new[] { "yam" })]
    [TestCase("泸西县", new[] { "pear5kg", "pear10kg", "honey100", "honey1000", "yam" })]
    [TestCase("  和田  ", new[] { "dates", "walnuts" })]
    [TestCase("水果", new[] { "pear5kg", "pear10kg" })]
    [TestCase("榴莲", new string[0])]
    public async Task Search_matches_substrings_and_takes_wildcards_literally(string q, string[] keys) =>
        Assert.That(await AllIdsAsync("newest", "q=" + Uri.EscapeDataString(q)), Is.EquivalentTo(keys.Select(k => _seed[k])));

    [Test]
    public async Task A_list_item_carries_county_supplier_prices_premium_stock_thumbnail_and_sales()
    {
        var page = await GetJsonAsync("/api/storefront/products?q=" + Uri.EscapeDataString("高原梨 5kg"));
        var item = page.GetProperty("items").EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("id").GetGuid(), Is.EqualTo(_seed["pear5kg"]));
            Assert.That(item.GetProperty("name").GetString(), Is.EqualTo("高原梨 5kg"));
            Assert.That(item.GetProperty("brand").GetString(), Is.EqualTo("高原梨"));
            Assert.That(item.GetProperty("category").GetString(), Is.EqualTo("Fruit"));
            Assert.That(item.GetProperty("countyCode").GetString(), Is.EqualTo("532527"));
            Assert.That(item.GetProperty("countyName").GetString(), Is.EqualTo("泸西县"));
            Assert.That(item.GetProperty("region").GetString(), Is.EqualTo("YunnanDesignated"));
            Assert.That(item.GetProperty("supplierName").GetString(), Is.EqualTo("泸西测试果业公司"));
            Assert.That(item.GetProperty("minPriceFen").GetInt64(), Is.EqualTo(6800));
            Assert.That(item.GetProperty("referencePriceFen").GetInt64(), Is.EqualTo(6000));
            Assert.That(item.GetProperty("premiumFen").GetInt64(), Is.EqualTo(800));
            Assert.That(item.GetProperty("inStock").GetBoolean(), Is.True);
            Assert.That(item.GetProperty("soldQuantity").GetInt64(), Is.EqualTo(300));
            Assert.That(item.GetProperty("thumbnailUrl").GetString(),
                Is.EqualTo($"/api/storefront/images/{_seed.PearImage.Id}/{_seed.PearImage.Hash}/thumbnail"));
        });
    }

    [Test]
    public async Task Detail_shows_skus_tiers_premium_stock_status_supplier_county_and_benefit_linkage()
    {
        var detail = await GetJsonAsync($"/api/storefront/products/{_seed["beefJerky"]}");

        var skus = detail.GetProperty("skus").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("name").GetString(), Is.EqualTo("文山牛肉干 麻辣味"));
            Assert.That(detail.GetProperty("minimumOrderQuantity").GetInt32(), Is.EqualTo(1));
            Assert.That(detail.GetProperty("shelfLifeDays").GetInt32(), Is.EqualTo(180));
            Assert.That(detail.GetProperty("shippingRegions").GetString(), Is.EqualTo("全国（港澳台除外）"));
            Assert.That(skus.Select(s => s.GetProperty("code").GetString()), Is.EqualTo(new[] { "JERKY-250", "JERKY-500" }));
            Assert.That(skus[0].GetProperty("premiumFen").GetInt64(), Is.EqualTo(1000));
            Assert.That(skus[0].GetProperty("stock").GetString(), Is.EqualTo("InStock"));
            Assert.That(skus[1].GetProperty("stock").GetString(), Is.EqualTo("Low"));
            Assert.That(skus[0].GetProperty("volumeTiers").EnumerateArray().Select(t => (t.GetProperty("minQuantity").GetInt32(), t.GetProperty("priceFen").GetInt64())),
                Is.EqualTo(new[] { (20, 6300L), (100, 6000L) }));
            Assert.That(detail.GetProperty("supplier").GetProperty("name").GetString(), Is.EqualTo("砚山县测试养牛合作社"));
            Assert.That(detail.GetProperty("supplier").GetProperty("type").GetString(), Is.EqualTo("Cooperative"));
            Assert.That(detail.GetProperty("county").GetProperty("name").GetString(), Is.EqualTo("砚山县"));
            Assert.That(detail.GetProperty("county").GetProperty("province").GetString(), Is.EqualTo("云南省"));
            Assert.That(detail.GetProperty("county").GetProperty("assistanceType").GetString(), Is.EqualTo("Designated"));
            Assert.That(detail.GetProperty("benefitLinkage").GetProperty("households").GetInt32(), Is.EqualTo(312));
            Assert.That(detail.GetProperty("benefitLinkage").GetProperty("mechanism").GetString(), Is.EqualTo("CooperativeAndHouseholds"));
        });
        var chili = await GetJsonAsync($"/api/storefront/products/{_seed["chili"]}");
        Assert.That(chili.GetProperty("skus")[0].GetProperty("stock").GetString(), Is.EqualTo("OutOfStock"));
        Assert.That(chili.GetProperty("skus")[0].GetProperty("premiumFen").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task An_unknown_product_is_a_not_found_problem()
    {
        using var response = await _client.GetAsync($"/api/storefront/products/{Guid.CreateVersion7()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Facets_count_visible_products_by_county_region_category_and_brand()
    {
        var facets = await GetJsonAsync("/api/storefront/facets");

        Assert.Multiple(() =>
        {
            Assert.That(facets.GetProperty("total").GetInt32(), Is.EqualTo(10));
            Assert.That(Counts(facets, "counties", "code"), Is.EquivalentTo(new Dictionary<string, int> { ["532622"] = 3, ["532527"] = 5, ["653221"] = 2 }));
            Assert.That(Counts(facets, "regions", "region"), Is.EquivalentTo(new Dictionary<string, int> { ["YunnanDesignated"] = 8, ["Xinjiang"] = 2 }));
            Assert.That(Counts(facets, "brands", "brand"), Is.EquivalentTo(new Dictionary<string, int> { ["文山牛"] = 2, ["高原梨"] = 2, ["和田玉枣"] = 2 }));
            Assert.That(Counts(facets, "categories", "category")["SpecialtyFoods"], Is.EqualTo(3));
        });
    }

    [TestCase("sort=cheapest", "sort", "排序须为以下之一")]
    [TestCase("limit=0", "limit", "每页条数须在 1 到 100 之间")]
    [TestCase("limit=101", "limit", "每页条数须在 1 到 100 之间")]
    [TestCase("limit=ten", "limit", "每页条数须在 1 到 100 之间")]
    [TestCase("county=53262", "county", "6 位行政区划代码")]
    [TestCase("region=Mars", "region", "地区须为以下之一")]
    [TestCase("category=3", "category", "类目须为以下之一")]
    [TestCase("minPriceFen=-1", "minPriceFen", "单位为分")]
    [TestCase("maxPriceFen=12.5", "maxPriceFen", "单位为分")]
    [TestCase("minPriceFen=500&maxPriceFen=100", "maxPriceFen", "最低价不能高于最高价")]
    [TestCase("inStock=maybe", "inStock", "true 或 false")]
    [TestCase("q=12345678901234567890123456789012345678901", "q", "搜索词不能超过 40 个字符")]
    [TestCase("cursor=not-a-cursor", "cursor", "分页游标无效")]
    public async Task Bad_query_parameters_are_validation_problems_in_Chinese_and_English(string query, string field, string chinese)
    {
        using var response = await _client.GetAsync("/api/storefront/products?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(body.GetProperty("errors").GetProperty(field)[0].GetString(), Does.Contain(chinese));
        Assert.That(body.GetProperty("title").GetString(), Does.Contain("提交的内容有误").And.Contain("Validation failed"));

        using var english = await _client.GetAsync("/api/storefront/products?culture=en&" + query);
        var englishBody = JsonDocument.Parse(await english.Content.ReadAsStringAsync()).RootElement;
        Assert.That(englishBody.GetProperty("errors").GetProperty(field)[0].GetString(), Does.Match("[a-z]{3}").And.Not.Contain("须"));
    }

    [Test]
    public async Task A_tampered_cursor_or_one_from_another_sort_is_refused()
    {
        var page = await GetJsonAsync("/api/storefront/products?sort=price_asc&limit=2");
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..5] + (cursor[5] == 'A' ? 'B' : 'A') + cursor[6..];

        using var edited = await _client.GetAsync($"/api/storefront/products?sort=price_asc&cursor={tampered}");
        using var cut = await _client.GetAsync($"/api/storefront/products?sort=price_asc&cursor={cursor[..^2]}");
        using var otherSort = await _client.GetAsync($"/api/storefront/products?sort=newest&cursor={cursor}");
        using var same = await _client.GetAsync($"/api/storefront/products?sort=price_asc&cursor={cursor}");

        Assert.Multiple(() =>
        {
            Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(cut.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(otherSort.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase("/api/storefront/products?brand=文山牛")]
    [TestCase("/api/storefront/facets")]
    public async Task Lists_answer_304_to_their_etag_and_a_new_etag_after_a_change(string url)
    {
        using var first = await _client.GetAsync(url);
        var etag = first.Headers.ETag!;
        Assert.That(etag.IsWeak, Is.True);
        Assert.That(first.Headers.CacheControl?.Public, Is.True);
        Assert.That(first.Headers.CacheControl?.NoCache, Is.True);

        using (var again = await SendAsync(url, etag))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(await again.Content.ReadAsByteArrayAsync(), Is.Empty);
        }

        await InDbAsync(db => StorefrontSeed.SuspendAsync(db, _seed.Yanshan));
        try
        {
            using var changed = await SendAsync(url, etag);
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(changed.Headers.ETag, Is.Not.EqualTo(etag));
        }
        finally
        {
            await InDbAsync(db => StorefrontSeed.ReinstateAsync(db, _seed.Yanshan));
        }
    }

    [Test]
    public async Task Detail_answers_304_to_its_etag_until_the_stock_status_changes()
    {
        var url = $"/api/storefront/products/{_seed["beef5kg"]}";
        using var first = await _client.GetAsync(url);
        var etag = first.Headers.ETag!;
        using (var again = await SendAsync(url, etag))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        }

        await SetStockAsync("beef5kg", "BEEF-5", 0);
        try
        {
            using var changed = await SendAsync(url, etag);
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(changed.Headers.ETag, Is.Not.EqualTo(etag));
        }
        finally
        {
            await SetStockAsync("beef5kg", "BEEF-5", 5);
        }
    }

    [Test]
    public async Task An_image_is_served_only_under_its_hash_and_only_while_its_listing_is_visible()
    {
        var (id, hash) = _seed.PearImage;
        using var thumbnail = await _client.GetAsync($"/api/storefront/images/{id}/{hash}/thumbnail");
        using var display = await _client.GetAsync($"/api/storefront/images/{id}/{hash}/display");
        using var wrongHash = await _client.GetAsync($"/api/storefront/images/{id}/{new string('0', hash.Length)}/display");
        using var wrongVariant = await _client.GetAsync($"/api/storefront/images/{id}/{hash}/original");
        using var unlisted = await _client.GetAsync($"/api/storefront/images/{_seed.UnlistedImage.Id}/{_seed.UnlistedImage.Hash}/display");

        Assert.Multiple(async () =>
        {
            Assert.That(thumbnail.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await thumbnail.Content.ReadAsStringAsync(), Is.EqualTo(StorefrontSeed.PearThumbnail));
            Assert.That(thumbnail.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
            Assert.That(thumbnail.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
            Assert.That(thumbnail.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(await display.Content.ReadAsStringAsync(), Is.EqualTo(StorefrontSeed.PearPng));
            Assert.That(wrongHash.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(wrongVariant.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unlisted.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private static Dictionary<string, int> Counts(JsonElement facets, string name, string key) =>
        facets.GetProperty(name).EnumerateArray().ToDictionary(f => f.GetProperty(key).GetString()!, f => f.GetProperty("count").GetInt32());

    private async Task<List<Guid>> AllIdsAsync(string sort, string? query = null)
    {
        var page = await GetJsonAsync($"/api/storefront/products?sort={sort}&limit=100" + (query is null ? "" : "&" + query));
        Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await _client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(string url, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return await _client.SendAsync(request);
    }

    private Task SetStockAsync(string key, string sku, int stock) => InDbAsync(async db =>
    {
        var listing = await db.Listings.FindAsync(_seed[key]);
        await db.Entry(listing!).Collection(l => l.Skus).LoadAsync();
        listing!.SetStock(sku, stock, DateTime.UtcNow);
        await db.SaveChangesAsync();
    });
}
