using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Data;
using Marketplace.Tests.Catalog;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>
/// Search on the embedded default at the size where its two ways part (<see cref="StorefrontReader.FewCandidates"/>):
/// a word in more listings than that pages by walking the sort order, a rarer one from the gram index, and both list
/// exactly the listings whose text holds the word, page after page. The index follows every write of a listing's text.
/// </summary>
public sealed class StorefrontSearchTests : WebAppFixture
{
    /// <summary>In every generated listing: more than the gram index's way takes.</summary>
    private const string Common = "云岭茶";

    /// <summary>In every hundredth generated listing.</summary>
    private const string Rare = "冰糖橙";

    private static readonly string[] Special = ["Pear🍐礼盒", "ＡＢＣ全角果干", "a\\b 反斜杠腊肉", "x%y 百分比", "𠮷野家 扩展区汉字"];

    private StorefrontSeed _seed = null!;
    private HttpClient _client = null!;
    private List<Guid> _generated = null!;
    private Dictionary<string, Guid> _special = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "false" });

    [OneTimeSetUp]
    public async Task Seed()
    {
        _seed = await InDbAsync(StorefrontSeed.CreateAsync);
        var names = Enumerable.Range(0, StorefrontReader.FewCandidates + 50).Select(i => i % 100 == 0 ? $"{Rare} {Common} {i}" : $"{Common} {i}").ToList();
        var from = DateTime.UtcNow.AddDays(-3);
        _generated = await InDbAsync(db => StorefrontSeed.PublishedAsync(db, _seed.Luxi, CountySeed.Luxi, names, from));
        var special = await InDbAsync(db => StorefrontSeed.PublishedAsync(db, _seed.Luxi, CountySeed.Luxi, Special, from.AddDays(-1)));
        _special = Special.Zip(special).ToDictionary(p => p.First, p => p.Second);
        _client = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client.Dispose();

    [TestCase(Common, 100)]
    [TestCase(Rare, 4)]
    public async Task Every_listing_that_holds_the_word_is_listed_once_in_order_page_after_page(string word, int limit)
    {
        var expected = await ExpectedAsync(word, ProductSort.Newest);

        var listed = await AllPagesAsync(word, "newest", limit);

        Assert.That(listed, Is.EqualTo(expected));
        Assert.That(listed, Has.Count.GreaterThan(word == Common ? StorefrontReader.FewCandidates : 5));
    }

    [TestCase(Rare, "price_desc")]
    [TestCase(Rare, "best_selling")]
    [TestCase(Common, "price_asc")]
    public async Task Both_ways_keep_the_chosen_sort(string word, string sort)
    {
        var expected = await ExpectedAsync(word, sort switch { "price_desc" => ProductSort.PriceDescending, "price_asc" => ProductSort.PriceAscending, _ => ProductSort.BestSelling });

        Assert.That(await AllPagesAsync(word, sort, 100), Is.EqualTo(expected));
    }

    [TestCase("🍐礼", "Pear🍐礼盒")]
    [TestCase("pear🍐", "Pear🍐礼盒")]
    [TestCase("🍐", "Pear🍐礼盒")]
    [TestCase("abc全", "ＡＢＣ全角果干")]
    [TestCase("ａｂｃ", "ＡＢＣ全角果干")]
    [TestCase("a\\b", "a\\b 反斜杠腊肉")]
    [TestCase("x%y", "x%y 百分比")]
    [TestCase("𠮷", "𠮷野家 扩展区汉字")]
    [TestCase("𠮷野", "𠮷野家 扩展区汉字")]
    public async Task Words_with_emoji_full_width_letters_and_wildcards_find_their_listing(string word, string name)
    {
        Assert.That(await AllPagesAsync(word, "newest", 100), Is.EqualTo(new[] { _special[name] }));
    }

    [Test]
    public async Task A_renamed_listing_is_found_by_its_new_name_and_no_longer_by_its_old_one()
    {
        var id = _generated[7];
        await RenameAsync(id, "沃柑 新名 7");
        try
        {
            Assert.That(await AllPagesAsync("沃柑", "newest", 100), Is.EqualTo(new[] { id }));
            Assert.That(await AllPagesAsync(Common, "newest", 100), Does.Not.Contain(id));
        }
        finally
        {
            await RenameAsync(id, $"{Common} 7");
        }

        Assert.That(await AllPagesAsync("沃柑", "newest", 100), Is.Empty);
    }

    [Test]
    public async Task A_deleted_listing_leaves_the_gram_index()
    {
        var draft = await InDbAsync(async db =>
        {
            var supplier = await db.Organizations.SingleAsync(o => o.Id == _seed.Luxi);
            var listing = Listing.Create(supplier, CountySeed.Luxi, new ListingDetails("DEL-1", "删除测试 砂糖桔", null, ProductCategory.Fruit, "草稿。", 1, 30, "全国"),
                [new SkuDraft("DEL-1", "1kg", 1000, null, null, 1000, null, 1, [])], DateTime.UtcNow);
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing.Id;
        });
        Assert.That(await IndexedAsync("砂糖桔"), Is.EqualTo(1));

        await InDbAsync(db => db.Listings.Where(l => l.Id == draft).ExecuteDeleteAsync());

        Assert.That(await IndexedAsync("砂糖桔"), Is.Zero);
    }

    [Test]
    public async Task After_the_listings_were_renumbered_under_the_index_the_rebuild_search_verb_puts_it_right()
    {
        var expected = await ExpectedAsync(Rare, ProductSort.Newest);
        await RenumberUnderTheIndexAsync();
        using var output = new StringWriter();
        int exit;
        List<Guid> found;
        int indexed;
        try
        {
            Assert.That(await AllPagesAsync(Rare, "newest", 100), Is.Empty, "the index no longer finds the listings");

            exit = await Web.Operators.RebuildSearchCommand.RunAsync(Factory.Services, [Web.Operators.RebuildSearchCommand.Verb], output);
            found = await AllPagesAsync(Rare, "newest", 100);
            indexed = await IndexedAsync(Rare);
        }
        finally
        {
            await InDbAsync(db => CatalogSearchIndex.RefillSqliteAsync(db));
        }

        var listings = await InDbAsync(db => db.Listings.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output.ToString(), Does.Contain($"from {listings} listings"));
            Assert.That(found, Is.EqualTo(expected));
            Assert.That(indexed, Is.EqualTo(expected.Count), "no row of the renumbered index is left");
        });
    }

    [Test]
    public async Task A_start_finds_the_index_out_of_step_with_the_listings_and_refills_it_and_leaves_an_index_in_step_alone()
    {
        var expected = await ExpectedAsync(Rare, ProductSort.Newest);
        var inStep = await InDbAsync(db => CatalogSearchIndex.RefillSqliteIfStaleAsync(db));
        await RenumberUnderTheIndexAsync();
        List<Guid> found;
        int? refilled;
        try
        {
            // As every start does after its migrations.
            refilled = await InDbAsync(async db =>
            {
                await ActivatorUtilities.CreateInstance<DatabaseMigrator>(Factory.Services).MigrateAsync(db, CancellationToken.None);
                return await CatalogSearchIndex.RefillSqliteIfStaleAsync(db);
            });
            found = await AllPagesAsync(Rare, "newest", 100);
        }
        finally
        {
            await InDbAsync(db => CatalogSearchIndex.RefillSqliteAsync(db));
        }

        Assert.Multiple(() =>
        {
            Assert.That(inStep, Is.Null, "an index in step is not refilled");
            Assert.That(refilled, Is.Null, "the start refilled it, so it was in step again");
            Assert.That(found, Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task The_rebuild_search_verb_with_an_argument_prints_its_usage()
    {
        using var output = new StringWriter();

        var exit = await Web.Operators.RebuildSearchCommand.RunAsync(Factory.Services, [Web.Operators.RebuildSearchCommand.Verb, "--all"], output);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("Usage: rebuild-search"));
    }

    /// <summary>What a VACUUM that renumbered the listings' rowids would leave: every gram row naming a rowid no listing has.</summary>
    private Task<int> RenumberUnderTheIndexAsync() => InDbAsync(db => db.Database.ExecuteSqlRawAsync("""
        INSERT INTO listing_search(listing_search) VALUES ('delete-all');
        INSERT INTO listing_search(rowid, grams) SELECT listing_rowid + 1000000, grams FROM listing_search_source;
        """));

    private async Task<List<Guid>> ExpectedAsync(string word, ProductSort sort)
    {
        var term = CatalogSearch.Normalize(word);
        var visible = await InDbAsync(db => StorefrontSeed.VisibleAsync(db));
        return [.. StorefrontSeed.Ordered(visible.Where(l => l.SearchText.Contains(term, StringComparison.Ordinal)), sort).Select(l => l.Id)];
    }

    private async Task<List<Guid>> AllPagesAsync(string word, string sort, int limit)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var url = $"/api/storefront/products?q={Uri.EscapeDataString(word)}&sort={sort}&limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await _client.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            var page = JsonDocument.Parse(text).RootElement;
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            var next = page.GetProperty("nextCursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        return ids;
    }

    private Task RenameAsync(Guid id, string name) => InDbAsync(async db =>
    {
        var listing = await db.Listings.SingleAsync(l => l.Id == id);
        var waits = listing.UpdateDetails(
            new ListingDetails(listing.ProductCode, name, listing.Brand, listing.Category, listing.Description, listing.MinimumOrderQuantity, listing.ShelfLifeDays, listing.ShippingRegions),
            autoApprove: true, DateTime.UtcNow);
        Assert.That(waits, Is.False, "approved automatically: the listing stays on the storefront");
        await db.SaveChangesAsync();
    });

    /// <summary>How many rows the gram index names for a word of two characters or more.</summary>
    private Task<int> IndexedAsync(string word) => InDbAsync(db => db.Database
        .SqlQuery<int>(FormattableStringFactory.Create(
            "SELECT count(*) AS \"Value\" FROM listing_search WHERE listing_search MATCH " + CatalogSearch.SqliteWordGrams.Replace("@term", "{0}", StringComparison.Ordinal), word))
        .SingleAsync());
}
