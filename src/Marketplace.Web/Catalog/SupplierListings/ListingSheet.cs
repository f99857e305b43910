using System.Globalization;
using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>One SKU line of a listing sheet, parsed: the listing's details (repeated on every line of the product) and the SKU.</summary>
public sealed record ListingSheetLine(int Line, UpdateListingDetailsRequest Details, SkuInput Sku);

/// <summary>
/// The listing sheet: one row per SKU, the product's details repeated on each of its rows. Money is yuan text with at
/// most two decimals ("65.00"); volume tiers read "10:65.00;100:60.00"; the category is its name or its Chinese label.
/// </summary>
public static class ListingSheet
{
    public static readonly SheetColumn ProductCode = new("productCode", "商品编码", "product code");
    public static readonly SheetColumn Name = new("name", "商品名称", "name");
    public static readonly SheetColumn Brand = new("brand", "品牌", "brand");
    public static readonly SheetColumn Category = new("category", "类目", "category");
    public static readonly SheetColumn Description = new("description", "描述", "description");
    public static readonly SheetColumn MinimumOrderQuantity = new("minimumOrderQuantity", "起订量", "minimum order quantity");
    public static readonly SheetColumn ShelfLifeDays = new("shelfLifeDays", "保质期（天）", "shelf life days");
    public static readonly SheetColumn ShippingRegions = new("shippingRegions", "配送范围", "shipping regions");
    public static readonly SheetColumn SkuCode = new("skuCode", "规格编码", "sku code");
    public static readonly SheetColumn Spec = new("spec", "规格", "spec");
    public static readonly SheetColumn WeightGrams = new("weightGrams", "重量（克）", "weight grams");
    public static readonly SheetColumn BoxSize = new("boxSize", "箱规", "box size");
    public static readonly SheetColumn GarmentSize = new("garmentSize", "尺码", "garment size");
    public static readonly SheetColumn Price = new("price", "价格（元）", "price yuan");
    public static readonly SheetColumn ReferencePrice = new("referencePrice", "参考价（元）", "reference price yuan");
    public static readonly SheetColumn Stock = new("stock", "库存", "stock");
    public static readonly SheetColumn Tiers = new("tiers", "阶梯价", "volume tiers");
    public static readonly SheetColumn Active = new("active", "启用", "active");

    /// <summary>交货期: days to make a made-to-order SKU (1–180); empty or 0 sells from stock. Optional, so sheets from before it still import.</summary>
    public static readonly SheetColumn LeadTimeDays = new("leadTimeDays", "交货期（天）", "lead time days", Optional: true);

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        ProductCode, Name, Brand, Category, Description, MinimumOrderQuantity, ShelfLifeDays, ShippingRegions,
        SkuCode, Spec, WeightGrams, BoxSize, GarmentSize, Price, ReferencePrice, Stock, LeadTimeDays, Tiers, Active,
    ];

    /// <summary>The stock sheet: product code, SKU code, stock.</summary>
    public static readonly IReadOnlyList<SheetColumn> StockColumns = [ProductCode, SkuCode, Stock];

    private static readonly Dictionary<ProductCategory, string> ChineseCategories = new()
    {
        [ProductCategory.Meat] = "肉禽蛋",
        [ProductCategory.Fruit] = "新鲜水果",
        [ProductCategory.Vegetables] = "蔬菜菌菇",
        [ProductCategory.GrainAndOil] = "粮油米面",
        [ProductCategory.TeaAndDrinks] = "茶叶饮品",
        [ProductCategory.DriedFruitAndNuts] = "干果坚果",
        [ProductCategory.SpecialtyFoods] = "特产零食",
        [ProductCategory.Uniforms] = "工装服饰",
        [ProductCategory.Crafts] = "手工艺品",
        [ProductCategory.Other] = "其他",
    };

    private static int IndexOf(SheetColumn column) => Columns.Select((c, i) => (c, i)).First(x => x.c == column).i;

    public static bool InChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string Header(SheetColumn column) => InChinese ? column.Chinese : column.English;

    public static string CategoryText(ProductCategory category) => InChinese ? ChineseCategories[category] : category.ToString();

    public static ProductCategory? ParseCategory(string text) =>
        Enum.TryParse<ProductCategory>(text, ignoreCase: true, out var c) && Enum.IsDefined(c) && !text.Any(char.IsAsciiDigit) ? c
        : ChineseCategories.Where(p => p.Value == text.Trim()).Select(p => (ProductCategory?)p.Key).FirstOrDefault();

    public static string TiersText(IEnumerable<VolumeTier> tiers) =>
        string.Join(";", tiers.OrderBy(t => t.MinQuantity).Select(t => t.MinQuantity.ToString(CultureInfo.InvariantCulture) + ":" + Money.Plain(t.PriceFen)));

    /// <summary>"10:65.00;100:60.00" → tiers; null when it does not read as tiers at all.</summary>
    public static IReadOnlyList<VolumeTierInput>? ParseTiers(string text)
    {
        var tiers = new List<VolumeTierInput>();
        foreach (var part in text.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split([':', '：'], StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
                || Money.ParseYuan(pieces[1]) is not { } price)
            {
                return null;
            }

            tiers.Add(new VolumeTierInput(quantity, price));
        }

        return tiers;
    }

    public static object?[] Row(Listing listing, ListingSku sku) =>
    [
        listing.ProductCode, listing.Name, listing.Brand, CategoryText(listing.Category), listing.Description, listing.MinimumOrderQuantity,
        listing.ShelfLifeDays, listing.ShippingRegions, sku.Code, sku.Spec, sku.WeightGrams, sku.BoxSize, sku.GarmentSize, Money.Plain(sku.PriceFen),
        sku.ReferencePriceFen is { } reference ? Money.Plain(reference) : null, sku.Stock, sku.IsMadeToOrder ? sku.LeadTimeDays : null,
        TiersText(sku.VolumeTiers), sku.IsActive ? "是" : "否",
    ];

    /// <summary>Reads each row's cells into typed values; a cell that is not what its column needs becomes an error of that line.</summary>
    public static IReadOnlyList<ListingSheetLine> Parse(IReadOnlyList<SheetRow> rows, IStringLocalizer<SharedResource> l, List<SheetLineError> errors)
    {
        var lines = new List<ListingSheetLine>();
        foreach (var row in rows)
        {
            var before = errors.Count;
            string? Text(SheetColumn c) => row[IndexOf(c)] is { Length: > 0 } v ? v : null;
            int? Integer(SheetColumn c)
            {
                if (Text(c) is not { } text)
                {
                    return null;
                }

                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                errors.Add(new(row.Line, Header(c), l["Import.NotAWholeNumber", text]));
                return null;
            }

            long? Yuan(SheetColumn c)
            {
                if (Text(c) is not { } text)
                {
                    return null;
                }

                if (Money.ParseYuan(text) is { } fen)
                {
                    return fen;
                }

                errors.Add(new(row.Line, Header(c), l["Import.NotAPrice", text]));
                return null;
            }

            ProductCategory? category = null;
            if (Text(Category) is { } categoryText && (category = ParseCategory(categoryText)) is null)
            {
                errors.Add(new(row.Line, Header(Category), l["Listing.CategoryUnknown"]));
            }

            IReadOnlyList<VolumeTierInput>? tiers = [];
            if (Text(Tiers) is { } tiersText && (tiers = ParseTiers(tiersText)) is null)
            {
                errors.Add(new(row.Line, Header(Tiers), l["Import.TiersFormat"]));
            }

            bool? active = Text(Active) switch
            {
                null => true,
                var t when t is "是" or "1" || t.Equals("yes", StringComparison.OrdinalIgnoreCase) || t.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
                var t when t is "否" or "0" || t.Equals("no", StringComparison.OrdinalIgnoreCase) || t.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
                _ => null,
            };
            if (active is null)
            {
                errors.Add(new(row.Line, Header(Active), l["Import.YesOrNo"]));
            }

            var details = new UpdateListingDetailsRequest(
                Text(ProductCode), Text(Name), Text(Brand), category, Text(Description) ?? "", Integer(MinimumOrderQuantity) ?? 1,
                Integer(ShelfLifeDays), Text(ShippingRegions));
            var sku = new SkuInput(
                Text(SkuCode), Text(Spec), Integer(WeightGrams), Text(BoxSize), Text(GarmentSize), Yuan(Price), Yuan(ReferencePrice),
                Integer(Stock) ?? 0, tiers, active, Integer(LeadTimeDays) ?? 0);
            if (errors.Count == before)
            {
                lines.Add(new ListingSheetLine(row.Line, details, sku));
            }
        }

        return lines;
    }
}
