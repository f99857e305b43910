using System.Text;

namespace Marketplace.Core.Catalog;

/// <summary>
/// Chinese has no spaces to split words on, so search is a case-insensitive substring match over a stored, lower-case
/// text: "梨" finds 高原梨 and "牛肉" finds 文山牛肉干, the same on SQLite and PostgreSQL.
/// </summary>
public static class CatalogSearch
{
    public const int MaxQueryLength = 40;

    public static string TextOf(string name, string? brand, string productCode, string categoryWords, IEnumerable<string> specs)
    {
        var text = string.Join(' ', new[] { name, brand ?? "", productCode, categoryWords }.Concat(specs).Where(s => s.Length > 0));
        var normalized = Normalize(text);
        return normalized.Length <= Listing.SearchTextMaxLength ? normalized : normalized[..Listing.SearchTextMaxLength];
    }

    /// <summary>
    /// SQLite's gram index query for <c>@term</c> (see the migration <c>CatalogSearchGrams</c>): every character pair of
    /// the word, or its one character, as the hex of its UTF-8 bytes, all required. Computed in SQL, as the listings'
    /// grams are, so both count characters alike.
    /// </summary>
    public const string SqliteWordGrams = """
        (SELECT CASE WHEN length(@term) = 1 THEN '"' || hex(@term) || '"'
                     ELSE (SELECT group_concat('"' || hex(substr(@term, i, 2)) || '"', ' ') FROM catalog_positions WHERE i < length(@term)) END)
        """;

    /// <summary>Lower-case, full-width letters and digits folded to ASCII, runs of white space to one space.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>A LIKE pattern that matches <paramref name="query"/> anywhere, with the wildcards in it escaped by '\'.</summary>
    public static string ContainsPattern(string query)
    {
        var normalized = Normalize(query);
        var escaped = normalized.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        return "%" + escaped + "%";
    }

    /// <summary>The words a shopper may type for a category, in Chinese and English.</summary>
    public static string CategoryWords(ProductCategory category) => category switch
    {
        ProductCategory.Meat => "肉禽蛋 肉 meat",
        ProductCategory.Fruit => "水果 fruit",
        ProductCategory.Vegetables => "蔬菜 菌菇 vegetables",
        ProductCategory.GrainAndOil => "粮油 米面 grain oil",
        ProductCategory.TeaAndDrinks => "茶叶 饮品 tea drinks",
        ProductCategory.DriedFruitAndNuts => "干果 坚果 nuts",
        ProductCategory.SpecialtyFoods => "特产 零食 specialty",
        ProductCategory.Uniforms => "工装 服饰 uniform",
        ProductCategory.Crafts => "手工艺品 crafts",
        _ => "",
    };
}
