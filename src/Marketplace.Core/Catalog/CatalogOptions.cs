namespace Marketplace.Core.Catalog;

/// <summary>Catalog settings, section <c>Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// A price raise on an approved SKU above this percentage of its last approved price sends the listing back to
    /// review. Raises within it, and any reduction, apply at once.
    /// </summary>
    public int PriceRaiseReviewPercent { get; set; } = 10;
}
