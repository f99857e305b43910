using System.Collections.Concurrent;
using System.Text;
using Marketplace.Core.Data;

namespace Marketplace.Core.Catalog.Storefront;

/// <summary>How a search word takes part in the product list: not at all, on the listing's text, or also on a county's name.</summary>
internal enum ListSearch
{
    None,
    Text,
    TextOrCounty,

    /// <summary>
    /// SQLite, a word few listings hold: the list starts from the listings the gram index names and sorts them, rather
    /// than walking the sort order until a page of matches turns up, which reads every listing when there are none.
    /// </summary>
    TextFromGrams,
}

/// <summary>
/// Which conditions a product list asks for, not their values: the SQL depends on nothing else, so each shape's text is
/// built once per process (at most a few thousand shapes, a few dozen in practice) and every request binds its values.
/// Built per request, the text was a quarter of what the storefront's busiest read allocated (24 KB a page, 18 KB now).
/// </summary>
internal readonly record struct ProductListShape(
    bool County, bool Region, bool Category, bool Brand, bool MinPrice, bool MaxPrice, bool InStockOnly,
    ListSearch Search, ProductSort Sort, bool After)
{
    public static ProductListShape Of(ProductFilter filter, ListSearch search) => new(
        filter.CountyCode is not null, filter.Region is not null, filter.Category is not null, !string.IsNullOrWhiteSpace(filter.Brand),
        filter.MinPriceFen is not null, filter.MaxPriceFen is not null, filter.InStockOnly, search, filter.Sort, filter.After is not null);
}

/// <summary>The storefront list's SQL for a <see cref="ProductListShape"/>, the same on SQLite and PostgreSQL but for search.</summary>
internal static class ProductListSql
{
    private static readonly ConcurrentDictionary<(ProductListShape, DatabaseProvider), string> Built = new();

    /// <summary>
    /// On SQLite the page size is not a parameter: SQLite's planner reads a bound LIMIT's value, so binding it again, on
    /// every execution, made SQLite prepare the kept statement anew each time, which cost more than running it on a small
    /// catalog. The largest page as a literal keeps the statement prepared; the reader stops after the page and
    /// one more row, and SQLite computes rows only as they are read. PostgreSQL computes all rows up to the LIMIT, so it
    /// keeps the bound one (<c>@take</c>).
    /// </summary>
    public static readonly string SqliteLimit = $" LIMIT {ProductFilter.MaxLimit + 1}";

    public static string For(ProductListShape shape, DatabaseProvider provider) =>
        Built.GetOrAdd((shape, provider), static key => Build(key.Item1, key.Item2));

    private static (string Column, bool Descending) SortKey(ProductSort sort) => sort switch
    {
        ProductSort.PriceAscending => ("l.min_price_fen", false),
        ProductSort.PriceDescending => ("l.min_price_fen", true),
        ProductSort.BestSelling => ("l.sold_quantity", true),
        _ => ("l.first_published_at", true),
    };

    private static string Build(ProductListShape shape, DatabaseProvider provider)
    {
        // In stock is a per-row aggregate, not EXISTS: PostgreSQL turns an EXISTS in the select list into a hashed
        // subplan over every SKU, which costs a full scan on each page.
        var sql = new StringBuilder($"""
            SELECT l.id AS Id, l.name AS Name, l.brand AS Brand, l.category AS Category, l.county_code AS CountyCode,
                   c.name AS CountyName, c.region AS Region, o.name AS SupplierName, l.min_price_fen AS MinPriceFen,
                   l.sold_quantity AS SoldQuantity, l.first_published_at AS FirstPublishedAt,
                   (SELECT s.reference_price_fen FROM listing_skus s WHERE s.listing_id = l.id AND s.is_active
                    ORDER BY s.price_fen, s.position LIMIT 1) AS ReferencePriceFen,
                   COALESCE((SELECT MAX(p.pieces) FROM listing_skus s JOIN listing_sku_stock_slots p ON p.sku_id = s.id WHERE s.listing_id = l.id AND s.is_active), 0) > 0 AS InStock,
                   (SELECT MIN(s.lead_time_days) FROM listing_skus s WHERE s.listing_id = l.id AND s.is_active AND s.lead_time_days > 0) AS MadeToOrderDays,
                   i.id AS ImageId, i.hash AS ImageHash
            {(shape.Search == ListSearch.TextFromGrams ? "FROM listing_search g CROSS JOIN listings l ON l.rowid = g.rowid" : "FROM listings l")}
            {StorefrontReader.VisibleJoins}
            LEFT JOIN listing_images i ON i.id = COALESCE(l.cover_image_id,
                (SELECT i2.id FROM listing_images i2 WHERE i2.listing_id = l.id ORDER BY i2.position LIMIT 1))
            {StorefrontReader.VisibleWhere}

            """);
        AppendIf(sql, shape.County, " AND l.county_code = @county");
        AppendIf(sql, shape.Region, " AND c.region = @region");
        AppendIf(sql, shape.Category, " AND l.category = @category");
        AppendIf(sql, shape.Brand, " AND l.brand = @brand");
        AppendIf(sql, shape.MinPrice, " AND l.min_price_fen >= @minPrice");
        AppendIf(sql, shape.MaxPrice, " AND l.min_price_fen <= @maxPrice");
        AppendIf(sql, shape.InStockOnly, " AND EXISTS (SELECT 1 FROM listing_skus st JOIN listing_sku_stock_slots sp ON sp.sku_id = st.id WHERE st.listing_id = l.id AND st.is_active AND sp.pieces > 0)");
        if (shape.Search != ListSearch.None)
        {
            var text = (provider, shape.Search) switch
            {
                (DatabaseProvider.PostgreSql, _) => @"(catalog_grams(l.search_text) @> catalog_query_grams(@term) AND l.search_text LIKE @search ESCAPE '\')",
                (_, ListSearch.TextFromGrams) => $@"g.listing_search MATCH {CatalogSearch.SqliteWordGrams} AND l.search_text LIKE @search ESCAPE '\'",
                _ => @"l.search_text LIKE @search ESCAPE '\'",
            };
            sql.AppendLine(shape.Search == ListSearch.TextOrCounty
                ? $@" AND ({text} OR l.county_code IN (SELECT code FROM counties WHERE name LIKE @search ESCAPE '\'))"
                : $" AND {text}");
        }

        var (column, descending) = SortKey(shape.Sort);
        AppendIf(sql, shape.After, $" AND ({column}, l.id) {(descending ? "<" : ">")} (@afterKey, @afterId)");
        var direction = descending ? "DESC" : "ASC";
        sql.AppendLine($" ORDER BY {column} {direction}, l.id {direction}");
        return sql.Append(provider == DatabaseProvider.Sqlite ? SqliteLimit : " LIMIT @take").ToString();
    }

    private static void AppendIf(StringBuilder sql, bool condition, string line)
    {
        if (condition)
        {
            sql.AppendLine(line);
        }
    }
}
