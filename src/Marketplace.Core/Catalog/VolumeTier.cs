namespace Marketplace.Core.Catalog;

/// <summary>阶梯价: from <see cref="MinQuantity"/> pieces of one SKU on, each costs <see cref="PriceFen"/>.</summary>
public sealed record VolumeTier(int MinQuantity, long PriceFen)
{
    /// <summary>
    /// Tiers are valid when each starts above one piece, above the one before, and is cheaper than the SKU's price and
    /// the tier before it.
    /// </summary>
    public static bool AreValid(IReadOnlyList<VolumeTier> tiers, long basePriceFen)
    {
        var minQuantity = 1;
        var price = basePriceFen;
        foreach (var tier in tiers.OrderBy(t => t.MinQuantity))
        {
            if (tier.MinQuantity <= minQuantity || tier.PriceFen <= 0 || tier.PriceFen >= price)
            {
                return false;
            }

            minQuantity = tier.MinQuantity;
            price = tier.PriceFen;
        }

        return true;
    }
}
