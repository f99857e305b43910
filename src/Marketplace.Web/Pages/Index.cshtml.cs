using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog.Storefront;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages;

/// <summary>The storefront's home: what consumption assistance is, the featured counties and brands, the newest products.</summary>
[AllowAnonymous]
public sealed class IndexModel(StorefrontReader reader) : PageModel
{
    public const int NewestCount = 8;

    public IReadOnlyList<ProductCard> Newest { get; private set; } = [];

    public StorefrontFacets Facets { get; private set; } = new(0, [], [], [], []);

    public int CountIn(string countyCode) => Facets.Counties.FirstOrDefault(c => c.Code == countyCode)?.Count ?? 0;

    public int CountIn(AssistedRegion region) => Facets.Regions.FirstOrDefault(r => r.Region == region)?.Count ?? 0;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Facets = await reader.FacetsAsync(cancellationToken);
        Newest = (await reader.ListAsync(new ProductFilter(Limit: NewestCount), cancellationToken)).Items;
    }
}
