using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;

namespace Marketplace.Core.Welfare;

/// <summary>
/// What a programme's allowance may buy. A line qualifies when its county is one of <see cref="CountyCodes"/> or
/// its region one of <see cref="Regions"/> (no places named: any assisted county), and its category one of
/// <see cref="Categories"/> (none named: any category). Every listing is an assistance product, so empty lists
/// mean any assistance product.
/// </summary>
public sealed record WelfareEligibility(IReadOnlyList<string> CountyCodes, IReadOnlyList<AssistedRegion> Regions, IReadOnlyList<ProductCategory> Categories)
{
    public const int MaxItems = 20;

    public static readonly WelfareEligibility Any = new([], [], []);

    public bool IsAny => CountyCodes.Count == 0 && Regions.Count == 0 && Categories.Count == 0;

    public bool Allows(WelfareLine line)
    {
        var placeAllowed = (CountyCodes.Count == 0 && Regions.Count == 0)
            || CountyCodes.Contains(line.CountyCode, StringComparer.Ordinal)
            || (line.Region is { } region && Regions.Contains(region));
        return placeAllowed && (Categories.Count == 0 || Categories.Contains(line.Category));
    }

    internal static string Join<T>(IEnumerable<T> values) => string.Join(',', values.Select(v => v!.ToString()).Distinct().Order(StringComparer.Ordinal));

    internal static IReadOnlyList<string> Split(string stored) => stored.Length == 0 ? [] : stored.Split(',');
}
