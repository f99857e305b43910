using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Data;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Tests.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Catalog;

/// <summary>The storefront's Dapper reads on PostgreSQL, over the same data and with the same expectations as on SQLite.</summary>
public sealed class StorefrontPostgresTests
{
    private PostgresDatabase _database = null!;
    private ReadConnections _connections = null!;
    private StorefrontReader _reader = null!;
    private StorefrontSeed _seed = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.Context())
        {
            await db.Database.MigrateAsync();
            _seed = await StorefrontSeed.CreateAsync(db);
        }

        _connections = new ReadConnections(DatabaseProvider.PostgreSql, _database.ConnectionString);
        _reader = new StorefrontReader(_connections, TimeProvider.System);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        await _connections.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Only_published_listings_of_certified_suppliers_appear_and_suspension_removes_a_supplier_at_once()
    {
        Assert.That(await AllIdsAsync(new ProductFilter()), Is.EquivalentTo(StorefrontSeed.VisibleKeys.Select(k => _seed[k])));
        foreach (var hidden in StorefrontSeed.HiddenKeys)
        {
            Assert.That(await _reader.DetailAsync(_seed[hidden]), Is.Null, hidden);
        }

        await using (var db = _database.Context())
        {
            await StorefrontSeed.SuspendAsync(db, _seed.Hotan);
        }

        try
        {
            Assert.That(await AllIdsAsync(new ProductFilter()), Is.EquivalentTo(StorefrontSeed.VisibleKeys.Except(["dates", "walnuts"]).Select(k => _seed[k])));
            Assert.That(await _reader.DetailAsync(_seed["dates"]), Is.Null);
        }
        finally
        {
            await using var db = _database.Context();
            await StorefrontSeed.ReinstateAsync(db, _seed.Hotan);
        }
    }

    [TestCase(ProductSort.Newest)]
    [TestCase(ProductSort.PriceAscending)]
    [TestCase(ProductSort.PriceDescending)]
    [TestCase(ProductSort.BestSelling)]
    public async Task Keyset_pages_return_every_visible_listing_once_in_order(ProductSort sort)
    {
        List<Listing> visible;
        await using (var db = _database.Context())
        {
            visible = await StorefrontSeed.VisibleAsync(db);
        }

        var ids = new List<Guid>();
        ProductCursor? after = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await _reader.ListAsync(new ProductFilter(Sort: sort, Limit: 3, After: after));
            ids.AddRange(page.Items.Select(i => i.Id));
            if (page.NextCursor is null)
            {
                break;
            }

            Assert.That(ProductCursor.TryDecode(page.NextCursor, out after), Is.True);
        }

        Assert.That(ids, Is.EqualTo(StorefrontSeed.Ordered(visible, sort).Select(l => l.Id)));
    }

    [TestCase("梨", new[] { "pear5kg", "pear10kg" })]
    [TestCase("牛肉", new[] { "beefJerky", "beef5kg" })]
    [TestCase("100%", new[] { "honey100" })]
    [TestCase("１００％", new[] { "honey100" })]
    [TestCase("_", new[] { "yam" })]
    [TestCase("泸西县", new[] { "pear5kg", "pear10kg", "honey100", "honey1000", "yam" })]
    [TestCase("水果", new[] { "pear5kg", "pear10kg" })]
    [TestCase("榴莲", new string[0])]
    public async Task Search_matches_substrings_and_takes_wildcards_literally(string q, string[] keys) =>
        Assert.That(await AllIdsAsync(new ProductFilter(Search: q)), Is.EquivalentTo(keys.Select(k => _seed[k])));

    [Test]
    public async Task Filters_narrow_the_list()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await KeysAsync(new ProductFilter(CountyCode: CountySeed.Luxi)), Is.EquivalentTo(new[] { "pear5kg", "pear10kg", "honey100", "honey1000", "yam" }));
            Assert.That(await KeysAsync(new ProductFilter(Region: AssistedRegion.Xinjiang)), Is.EquivalentTo(new[] { "dates", "walnuts" }));
            Assert.That(await KeysAsync(new ProductFilter(Category: ProductCategory.Fruit)), Is.EquivalentTo(new[] { "pear5kg", "pear10kg" }));
            Assert.That(await KeysAsync(new ProductFilter(Brand: "文山牛")), Is.EquivalentTo(new[] { "beefJerky", "beef5kg" }));
            Assert.That(await KeysAsync(new ProductFilter(MinPriceFen: 6800, MaxPriceFen: 12800)), Is.EquivalentTo(new[] { "beefJerky", "pear5kg", "pear10kg", "honey1000", "dates" }));
            Assert.That(await KeysAsync(new ProductFilter(CountyCode: CountySeed.Yanshan, InStockOnly: true)), Is.EquivalentTo(new[] { "beefJerky", "beef5kg" }));
        });
    }

    [Test]
    public async Task Detail_facets_and_images_read_the_same_as_on_SQLite()
    {
        var detail = await _reader.DetailAsync(_seed["beefJerky"]);
        var facets = await _reader.FacetsAsync();
        var (imageId, hash) = _seed.PearImage;

        Assert.Multiple(async () =>
        {
            Assert.That(detail!.Skus.Select(s => (s.Code, s.Stock, s.PremiumFen)), Is.EqualTo(new[] { ("JERKY-250", StockStatus.InStock, (long?)1000), ("JERKY-500", StockStatus.Low, (long?)1800) }));
            Assert.That(detail.Skus[0].VolumeTiers, Is.EqualTo(new[] { new VolumeTierView(20, 6300), new VolumeTierView(100, 6000) }));
            Assert.That(detail.County.Name, Is.EqualTo("砚山县"));
            Assert.That(detail.BenefitLinkage!.Households, Is.EqualTo(312));
            Assert.That(facets.Total, Is.EqualTo(10));
            Assert.That(facets.Counties.ToDictionary(c => c.Code, c => c.Count), Is.EquivalentTo(new Dictionary<string, int> { ["532622"] = 3, ["532527"] = 5, ["653221"] = 2 }));
            Assert.That((await _reader.ImageAsync(imageId, hash, ImageVariant.Thumbnail))?.Bytes, Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(StorefrontSeed.PearThumbnail)));
            Assert.That(await _reader.ImageAsync(imageId, "0000000000000000", ImageVariant.Display), Is.Null);
            Assert.That(await _reader.ImageAsync(_seed.UnlistedImage.Id, _seed.UnlistedImage.Hash, ImageVariant.Display), Is.Null);
        });
    }

    private async Task<List<Guid>> AllIdsAsync(ProductFilter filter)
    {
        var page = await _reader.ListAsync(filter with { Limit = ProductFilter.MaxLimit });
        Assert.That(page.NextCursor, Is.Null);
        return [.. page.Items.Select(i => i.Id)];
    }

    private async Task<List<string>> KeysAsync(ProductFilter filter)
    {
        var ids = await AllIdsAsync(filter);
        return [.. _seed.Listings.Where(l => ids.Contains(l.Value)).Select(l => l.Key)];
    }
}
