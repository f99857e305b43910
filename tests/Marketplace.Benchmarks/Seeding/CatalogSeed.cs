using Marketplace.Core.Catalog;
using Marketplace.Core.Suppliers;

namespace Marketplace.Benchmarks.Seeding;

/// <summary>Rows for one table, in column order, with CLR values (Guid, string, int, long, bool, DateTime UTC, DateOnly).</summary>
internal sealed record SeedTable(string Name, IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows);

/// <summary>
/// A storefront at scale: certified suppliers in the seeded counties, each with published listings of two SKUs.
/// Every listing is visible (published, its supplier's certification active today). Deterministic for a given size.
/// </summary>
internal static class CatalogSeed
{
    /// <summary>Shoppers' word that matches about one listing in ten.</summary>
    public const string SearchHit = "梨";

    /// <summary>A word that no listing, brand or county contains: the search must read every candidate.</summary>
    public const string SearchMiss = "榴莲";

    private static readonly (string Name, ProductCategory Category)[] _products =
    [
        ("砀山酥梨", ProductCategory.Fruit), ("库尔勒香梨", ProductCategory.Fruit), ("红富士苹果", ProductCategory.Fruit),
        ("无核白葡萄", ProductCategory.Fruit), ("猕猴桃", ProductCategory.Fruit), ("软籽石榴", ProductCategory.Fruit),
        ("薄皮核桃", ProductCategory.DriedFruitAndNuts), ("骏枣", ProductCategory.DriedFruitAndNuts), ("绿葡萄干", ProductCategory.DriedFruitAndNuts),
        ("普洱熟茶", ProductCategory.TeaAndDrinks), ("酥油茶粉", ProductCategory.TeaAndDrinks),
        ("高原青稞米", ProductCategory.GrainAndOil), ("压榨菜籽油", ProductCategory.GrainAndOil), ("黄小米", ProductCategory.GrainAndOil),
        ("牦牛肉", ProductCategory.Meat), ("藏香猪肉", ProductCategory.Meat), ("土鸡蛋", ProductCategory.Meat),
        ("高山土豆", ProductCategory.Vegetables), ("野生松茸", ProductCategory.Vegetables), ("丘北辣椒", ProductCategory.Vegetables),
        ("风干牦牛肉干", ProductCategory.SpecialtyFoods), ("百花蜂蜜", ProductCategory.SpecialtyFoods),
        ("手织藏毯", ProductCategory.Crafts), ("民族刺绣工装", ProductCategory.Uniforms),
    ];

    private static readonly string[] _grades = ["特级", "一级", "精选", "家庭装", "礼盒装"];

    public static IReadOnlyList<SeedTable> Tables(int listings, IReadOnlyList<string> countyCodes, DateTime now)
    {
        var suppliers = Math.Max(20, listings / 500);
        var userId = Id(1, 0);
        var today = ChinaCalendar.DateOf(now);
        return
        [
            new("\"AspNetUsers\"",
                ["id", "display_name", "created_at", "email_confirmed", "phone_number_confirmed", "two_factor_enabled", "lockout_enabled", "access_failed_count"],
                [[userId, "基准测试申请人", now, true, false, false, true, 0]]),
            new("organizations", ["id", "kind", "name", "created_at"],
                Enumerable.Range(0, suppliers).Select(s => new object?[] { SupplierId(s), "Supplier", $"基准供应商{s:D4}号合作社", now })),
            new("supplier_applications",
                ["id", "organization_id", "type", "county_code", "unified_social_credit_code", "contact_person", "phone", "email",
                 "applicant_user_id", "status", "applied_at", "reviewed_at", "valid_from", "valid_to", "auto_approve_listings"],
                Enumerable.Range(0, suppliers).Select(s => new object?[]
                {
                    Id(3, s), SupplierId(s), nameof(SupplierType.Cooperative), countyCodes[s % countyCodes.Count], $"93{s:D16}",
                    "张联络", "13800000000", $"supplier{s}@bench.example", userId, nameof(CertificationStatus.Active), now, now,
                    today.AddDays(-30), today.AddDays(365), true,
                })),
            new("listings",
                ["id", "supplier_id", "county_code", "product_code", "name", "brand", "category", "description", "minimum_order_quantity",
                 "shelf_life_days", "shipping_regions", "status", "publish_on_approval", "created_at", "updated_at", "first_published_at",
                 "min_price_fen", "sold_quantity", "search_text", "revision"],
                Listings(listings, suppliers, countyCodes, now)),
            new("listing_skus",
                ["id", "listing_id", "code", "spec", "weight_grams", "price_fen", "approved_price_fen", "reference_price_fen", "is_active", "position"],
                Skus(listings)),
            new("listing_sku_stock_slots", ["sku_id", "slot", "pieces"], StockSlots(listings)),
        ];
    }

    private static IEnumerable<object?[]> Listings(int count, int suppliers, IReadOnlyList<string> countyCodes, DateTime now)
    {
        for (var n = 0; n < count; n++)
        {
            var (product, category) = _products[n % _products.Length];
            var supplier = n % suppliers;
            var name = $"{product} {_grades[n / _products.Length % _grades.Length]} {n:D6}";
            var code = $"BENCH-{n:D6}";
            var brand = $"品牌{supplier % 50:D2}";
            var price = PriceOf(n);
            var published = now.AddMinutes(-(n * 5L % (365 * 24 * 60)) - 1).AddTicks(-n);
            yield return
            [
                ListingId(n), SupplierId(supplier), countyCodes[supplier % countyCodes.Count], code, name, brand, category.ToString(),
                $"{product}，产地直供，消费帮扶。", 1, 180, "Nationwide", nameof(ListingStatus.Published), false, published, published, published,
                price, (long)(n * 7919L % 5000), CatalogSearch.TextOf(name, brand, code, CatalogSearch.CategoryWords(category), ["5斤装", "10斤装"]), 1,
            ];
        }
    }

    private static IEnumerable<object?[]> Skus(int count)
    {
        for (var n = 0; n < count; n++)
        {
            var price = PriceOf(n);
            long? reference = n % 3 == 0 ? null : price - 200;
            yield return [Id(5, 2 * n), ListingId(n), "S5", "5斤装", 2500, price, price, reference, true, 0];
            yield return [Id(5, 2 * n + 1), ListingId(n), "S10", "10斤装", 5000, price * 2 - 100, price * 2 - 100, null, true, 1];
        }
    }

    /// <summary>Each SKU's stock split into slots as a supplier's edit would split it.</summary>
    private static IEnumerable<object?[]> StockSlots(int count)
    {
        for (var n = 0; n < count; n++)
        {
            foreach (var (sku, stock) in new[] { (2 * n, n % 11 == 0 ? 0 : 50 + n % 100), (2 * n + 1, n % 7 == 0 ? 0 : 20 + n % 60) })
            {
                var shares = StockSlot.Shares(stock);
                for (var slot = 0; slot < shares.Length; slot++)
                {
                    yield return [Id(5, sku), slot, shares[slot]];
                }
            }
        }
    }

    private static long PriceOf(int n) => 990 + n * 7877L % 99_000;

    private static Guid SupplierId(int s) => Id(2, s);

    private static Guid ListingId(int n) => Id(4, n);

    /// <summary>Readable, unique and deterministic ids: the kind in the first group, the number in the last.</summary>
    private static Guid Id(int kind, int number) => Guid.Parse($"b0000000-0000-4000-8{kind:D3}-{number:D12}");
}
