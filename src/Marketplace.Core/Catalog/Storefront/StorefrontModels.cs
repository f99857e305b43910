using System.Text.Json.Serialization;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Suppliers;

namespace Marketplace.Core.Catalog.Storefront;

/// <summary>
/// One product in a storefront list. Prices are fen; the premium is the cheapest SKU's price over its reference price.
/// <see cref="MadeToOrderDays"/> is the shortest lead time of its made-to-order SKUs (null: all sold from stock).
/// </summary>
public sealed record ProductCard(
    Guid Id,
    string Name,
    string? Brand,
    ProductCategory Category,
    string CountyCode,
    string CountyName,
    AssistedRegion Region,
    string SupplierName,
    long MinPriceFen,
    long? ReferencePriceFen,
    long? PremiumFen,
    bool InStock,
    string? ThumbnailUrl,
    long SoldQuantity,
    int? MadeToOrderDays = null);

public sealed record ProductPage(IReadOnlyList<ProductCard> Items, string? NextCursor);

/// <summary>
/// Shoppers see whether a SKU can be bought, not how many pieces a supplier holds: the exact stock is the supplier's
/// business, and it changes with every order, which would defeat caching of the product page.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<StockStatus>))]
public enum StockStatus
{
    InStock,
    Low,
    OutOfStock,
}

public sealed record VolumeTierView(int MinQuantity, long PriceFen);

/// <summary>A SKU on sale; <see cref="LeadTimeDays"/> (交货期) is set for a made-to-order SKU, which is taken beyond stock.</summary>
public sealed record SkuView(
    Guid Id,
    string Code,
    string Spec,
    int? WeightGrams,
    string? BoxSize,
    string? GarmentSize,
    long PriceFen,
    long? ReferencePriceFen,
    long? PremiumFen,
    StockStatus Stock,
    IReadOnlyList<VolumeTierView> VolumeTiers,
    int? LeadTimeDays = null)
{
    public bool CanBeOrdered => LeadTimeDays is not null || Stock != StockStatus.OutOfStock;
}

public sealed record ImageView(Guid Id, int Width, int Height, string DisplayUrl, string ThumbnailUrl);

public sealed record SupplierView(Guid Id, string Name, SupplierType Type, DateOnly CertifiedUntil);

public sealed record CountyView(string Code, string Name, string Prefecture, string Province, AssistedRegion Region, AssistanceType AssistanceType);

public sealed record LinkageView(
    BenefitMechanism Mechanism, string Description, int Households, int People, int PovertyAlleviatedPeople, int DisabledPeople, DateOnly EffectiveFrom);

public sealed record ProductDetail(
    Guid Id,
    string Name,
    string? Brand,
    ProductCategory Category,
    string Description,
    int MinimumOrderQuantity,
    int? ShelfLifeDays,
    string ShippingRegions,
    long MinPriceFen,
    long SoldQuantity,
    DateTime FirstPublishedAt,
    int Revision,
    IReadOnlyList<SkuView> Skus,
    IReadOnlyList<ImageView> Images,
    SupplierView Supplier,
    CountyView County,
    LinkageView? BenefitLinkage);

public sealed record CountyFacet(string Code, string Name, AssistedRegion Region, int Count);

public sealed record RegionFacet(AssistedRegion Region, int Count);

public sealed record CategoryFacet(ProductCategory Category, int Count);

public sealed record BrandFacet(string Brand, int Count);

/// <summary>What the filter controls offer, with how many visible products each would show.</summary>
public sealed record StorefrontFacets(
    int Total, IReadOnlyList<CountyFacet> Counties, IReadOnlyList<RegionFacet> Regions, IReadOnlyList<CategoryFacet> Categories, IReadOnlyList<BrandFacet> Brands);

public sealed record ImageContent(string ContentType, byte[] Bytes);

/// <summary>Which stored size of a listing image to serve.</summary>
public enum ImageVariant
{
    Display,
    Thumbnail,
}
