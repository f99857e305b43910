using System.Globalization;
using FluentValidation;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.Storefront;

/// <summary>
/// The storefront list's query string, kept as text so that every bad value gets a clear message instead of a binding
/// error. Prices are in fen (分), inclusive, on the product's lowest price. <c>cursor</c> is the previous page's
/// <c>nextCursor</c> and must be used with the same sort.
/// </summary>
public sealed record ProductListRequest(
    string? County = null,
    string? Region = null,
    string? Category = null,
    string? Brand = null,
    string? MinPriceFen = null,
    string? MaxPriceFen = null,
    string? InStock = null,
    string? Q = null,
    string? Sort = null,
    string? Limit = null,
    string? Cursor = null)
{
    public static readonly IReadOnlyDictionary<string, ProductSort> Sorts = new Dictionary<string, ProductSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["newest"] = ProductSort.Newest,
        ["price_asc"] = ProductSort.PriceAscending,
        ["price_desc"] = ProductSort.PriceDescending,
        ["best_selling"] = ProductSort.BestSelling,
    };

    /// <summary>The filter; call only after <see cref="ProductListRequestValidator"/> accepted the request.</summary>
    public ProductFilter ToFilter() => new(
        CountyCode: Blank(County) ? null : County!.Trim(),
        Region: Blank(Region) ? null : Enum.Parse<AssistedRegion>(Region!.Trim(), ignoreCase: true),
        Category: Blank(Category) ? null : Enum.Parse<ProductCategory>(Category!.Trim(), ignoreCase: true),
        Brand: Blank(Brand) ? null : Brand!.Trim(),
        MinPriceFen: Blank(MinPriceFen) ? null : ParseFen(MinPriceFen),
        MaxPriceFen: Blank(MaxPriceFen) ? null : ParseFen(MaxPriceFen),
        InStockOnly: !Blank(InStock) && ParseBool(InStock) == true,
        Search: Blank(Q) ? null : Q!.Trim(),
        Sort: SortOf(Sort) ?? ProductSort.Newest,
        Limit: Blank(Limit) ? ProductFilter.DefaultLimit : int.Parse(Limit!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture),
        After: Blank(Cursor) ? null : ProductCursor.TryDecode(Cursor!.Trim(), out var cursor) ? cursor : null);

    internal static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    internal static long? ParseFen(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var fen) && fen <= ListingSku.MaxPriceFen ? fen : null;

    internal static bool? ParseBool(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    internal static ProductSort? SortOf(string? value) =>
        Blank(value) ? ProductSort.Newest : Sorts.TryGetValue(value!.Trim(), out var sort) ? sort : null;
}

internal sealed class ProductListRequestValidator : AbstractValidator<ProductListRequest>
{
    public ProductListRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.County).Must(c => County.IsWellFormedCode(c!.Trim())).When(r => !ProductListRequest.Blank(r.County))
            .WithMessage(_ => l["Storefront.CountyInvalid"]);
        RuleFor(r => r.Region).Must(v => Enum.TryParse<AssistedRegion>(v!.Trim(), true, out var e) && Enum.IsDefined(e) && !int.TryParse(v, out _))
            .When(r => !ProductListRequest.Blank(r.Region))
            .WithMessage(_ => l["Storefront.OneOf", l["Storefront.Region"], string.Join(", ", Enum.GetNames<AssistedRegion>())]);
        RuleFor(r => r.Category).Must(v => Enum.TryParse<ProductCategory>(v!.Trim(), true, out var e) && Enum.IsDefined(e) && !int.TryParse(v, out _))
            .When(r => !ProductListRequest.Blank(r.Category))
            .WithMessage(_ => l["Storefront.OneOf", l["Storefront.Category"], string.Join(", ", Enum.GetNames<ProductCategory>())]);
        RuleFor(r => r.Brand).Must(b => b!.Trim().Length <= Listing.BrandMaxLength).When(r => r.Brand is not null)
            .WithMessage(_ => l["Validation.MaxLength", l["Storefront.Brand"], Listing.BrandMaxLength]);
        RuleFor(r => r.MinPriceFen).Must(p => ProductListRequest.ParseFen(p) is not null).When(r => !ProductListRequest.Blank(r.MinPriceFen))
            .WithMessage(_ => l["Storefront.PriceInvalid", "minPriceFen", ListingSku.MaxPriceFen]);
        RuleFor(r => r.MaxPriceFen).Must(p => ProductListRequest.ParseFen(p) is not null).When(r => !ProductListRequest.Blank(r.MaxPriceFen))
            .WithMessage(_ => l["Storefront.PriceInvalid", "maxPriceFen", ListingSku.MaxPriceFen]);
        RuleFor(r => r.MaxPriceFen)
            .Must((r, max) => ProductListRequest.ParseFen(r.MinPriceFen) is not { } low || ProductListRequest.ParseFen(max) is not { } high || low <= high)
            .WithMessage(_ => l["Storefront.PriceRange"]);
        RuleFor(r => r.InStock).Must(v => ProductListRequest.ParseBool(v) is not null).When(r => !ProductListRequest.Blank(r.InStock))
            .WithMessage(_ => l["Storefront.InStockInvalid"]);
        RuleFor(r => r.Q).Must(q => q!.Trim().Length <= CatalogSearch.MaxQueryLength).When(r => r.Q is not null)
            .WithMessage(_ => l["Validation.MaxLength", l["Storefront.Search"], CatalogSearch.MaxQueryLength]);
        RuleFor(r => r.Sort).Must(s => ProductListRequest.SortOf(s) is not null)
            .WithMessage(_ => l["Storefront.OneOf", l["Storefront.Sort"], string.Join(", ", ProductListRequest.Sorts.Keys)]);
        RuleFor(r => r.Limit)
            .Must(v => int.TryParse(v!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= ProductFilter.MaxLimit)
            .When(r => !ProductListRequest.Blank(r.Limit))
            .WithMessage(_ => l["Storefront.LimitInvalid", ProductFilter.MaxLimit]);
        RuleFor(r => r.Cursor)
            .Must((r, c) => ProductCursor.TryDecode(c!.Trim(), out var cursor) && cursor.Sort == ProductListRequest.SortOf(r.Sort))
            .When(r => !ProductListRequest.Blank(r.Cursor))
            .WithMessage(_ => l["Storefront.CursorInvalid"]);
    }
}
