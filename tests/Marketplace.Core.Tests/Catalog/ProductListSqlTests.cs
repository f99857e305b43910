using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Data;

namespace Marketplace.Core.Tests.Catalog;

/// <summary>
/// The storefront list's SQL is built once per shape of request: a shape's text holds exactly the conditions it asks
/// for, whatever was built before it. (What each condition selects is tested against both databases in the Web and
/// Integration suites.)
/// </summary>
public sealed class ProductListSqlTests
{
    private static readonly string[] Conditions =
        ["@county", "@region", "@category", "@brand", "@minPrice", "@maxPrice", "sp.pieces > 0", "@search", "@afterKey"];

    private static string For(ProductFilter filter, ListSearch search = ListSearch.None, DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        ProductListSql.For(ProductListShape.Of(filter, search), provider);

    [Test]
    public void Each_shape_has_exactly_its_own_conditions_whatever_was_built_before()
    {
        var everything = For(
            new ProductFilter("532622", AssistedRegion.Xinjiang, ProductCategory.Fruit, "文山牛", 100, 200, true, "梨",
                After: new ProductCursor(ProductSort.Newest, 1, Guid.NewGuid())),
            ListSearch.Text);
        var nothing = For(new ProductFilter());
        var priceOnly = For(new ProductFilter(MinPriceFen: 1, MaxPriceFen: 2));

        Assert.Multiple(() =>
        {
            Assert.That(Conditions.Where(everything.Contains), Is.EqualTo(Conditions));
            Assert.That(Conditions.Where(nothing.Contains), Is.Empty);
            Assert.That(Conditions.Where(priceOnly.Contains), Is.EqualTo(new[] { "@minPrice", "@maxPrice" }));
        });
    }

    [Test]
    public void The_same_shape_reuses_one_text_and_values_never_enter_it()
    {
        var first = For(new ProductFilter(Brand: "文山牛", MinPriceFen: 100));
        var second = For(new ProductFilter(Brand: "高原梨", MinPriceFen: 99_999));

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(first, Does.Not.Contain("文山牛").And.Not.Contain("100"));
        });
    }

    [TestCase(ProductSort.Newest, "ORDER BY l.first_published_at DESC, l.id DESC", "(l.first_published_at, l.id) < (@afterKey, @afterId)")]
    [TestCase(ProductSort.PriceAscending, "ORDER BY l.min_price_fen ASC, l.id ASC", "(l.min_price_fen, l.id) > (@afterKey, @afterId)")]
    [TestCase(ProductSort.PriceDescending, "ORDER BY l.min_price_fen DESC, l.id DESC", "(l.min_price_fen, l.id) < (@afterKey, @afterId)")]
    [TestCase(ProductSort.BestSelling, "ORDER BY l.sold_quantity DESC, l.id DESC", "(l.sold_quantity, l.id) < (@afterKey, @afterId)")]
    public void Each_sort_orders_and_continues_on_its_own_key(ProductSort sort, string order, string keyset)
    {
        var sql = For(new ProductFilter(Sort: sort, After: new ProductCursor(sort, 1, Guid.NewGuid())));

        Assert.That(sql, Does.Contain(order).And.Contain(keyset));
    }

    [Test]
    public void PostgreSQL_binds_the_page_size_and_SQLite_writes_the_largest_page_into_the_text()
    {
        Assert.Multiple(() =>
        {
            Assert.That(For(new ProductFilter(), provider: DatabaseProvider.PostgreSql), Does.EndWith(" LIMIT @take"));
            Assert.That(For(new ProductFilter()), Does.EndWith($" LIMIT {ProductFilter.MaxLimit + 1}").And.Not.Contain("@take"));
        });
    }

    [Test]
    public void Search_uses_the_gram_index_on_PostgreSQL_and_adds_counties_only_when_one_matches()
    {
        var filter = new ProductFilter(Search: "泸西");

        Assert.Multiple(() =>
        {
            Assert.That(For(filter, ListSearch.Text, DatabaseProvider.PostgreSql), Does.Contain("catalog_grams(l.search_text)").And.Not.Contain("FROM counties"));
            Assert.That(For(filter, ListSearch.TextOrCounty, DatabaseProvider.Sqlite), Does.Contain("FROM counties").And.Not.Contain("catalog_grams"));
        });
    }
}
