using System.Globalization;
using FluentValidation;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Web.Catalog.Storefront;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Products;

/// <summary>
/// 商品列表: the storefront list with its filters, rendered from the same query as the API. Prices in the form are yuan
/// (people think in yuan); the API takes fen.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(StorefrontReader reader, IValidator<ProductListRequest> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? County { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Brand { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? MinPrice { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? MaxPrice { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? InStock { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Limit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public ProductPage Products { get; private set; } = new([], null);

    public StorefrontFacets Facets { get; private set; } = new(0, [], [], [], []);

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = new ProductListRequest(
            County, Region, Category, Brand, FenText(MinPrice, l["Storefront.MinPrice"]), FenText(MaxPrice, l["Storefront.MaxPrice"]),
            InStock, Q, Sort, Limit, Cursor);
        var result = await validator.ValidateAsync(request, cancellationToken);
        Errors.AddRange(result.Errors.Select(e => e.ErrorMessage).Distinct());
        Facets = await reader.FacetsAsync(cancellationToken);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Products = await reader.ListAsync(request.ToFilter(), cancellationToken);
    }

    /// <summary>This page's URL with the current filters and <paramref name="changes"/> (a null value drops the parameter).</summary>
    public string Link(params (string Name, string? Value)[] changes)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Q, ["county"] = County, ["region"] = Region, ["category"] = Category, ["brand"] = Brand,
            ["minPrice"] = MinPrice, ["maxPrice"] = MaxPrice, ["inStock"] = InStock, ["sort"] = Sort, ["limit"] = Limit,
        };
        foreach (var (name, value) in changes)
        {
            query[name] = value;
        }

        return QueryString.Create(query.Where(p => !string.IsNullOrWhiteSpace(p.Value))).ToUriComponent() is { Length: > 0 } qs ? "/products" + qs : "/products";
    }

    private string? FenText(string? yuan, string field)
    {
        if (string.IsNullOrWhiteSpace(yuan))
        {
            return null;
        }

        if (Money.ParseYuan(yuan) is { } fen)
        {
            return fen.ToString(CultureInfo.InvariantCulture);
        }

        Errors.Add(l["Storefront.YuanInvalid", field]);
        return null;
    }
}
