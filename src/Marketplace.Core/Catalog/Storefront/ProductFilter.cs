using System.Text.Json.Serialization;
using Marketplace.Core.AssistedAreas;

namespace Marketplace.Core.Catalog.Storefront;

/// <summary>The storefront's orders; each is a keyset over an index that ends on the listing id.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProductSort>))]
public enum ProductSort
{
    /// <summary>First published, newest first.</summary>
    Newest,

    /// <summary>Lowest price first; equal prices by id.</summary>
    PriceAscending,

    /// <summary>Highest price first.</summary>
    PriceDescending,

    /// <summary>Most pieces sold first.</summary>
    BestSelling,
}

/// <summary>What a shopper asks the storefront for. Prices are fen, inclusive; <see cref="Search"/> is raw shopper text.</summary>
public sealed record ProductFilter(
    string? CountyCode = null,
    AssistedRegion? Region = null,
    ProductCategory? Category = null,
    string? Brand = null,
    long? MinPriceFen = null,
    long? MaxPriceFen = null,
    bool InStockOnly = false,
    string? Search = null,
    ProductSort Sort = ProductSort.Newest,
    int Limit = ProductFilter.DefaultLimit,
    ProductCursor? After = null)
{
    public const int DefaultLimit = 24;
    public const int MaxLimit = 100;
}
