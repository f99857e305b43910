using Marketplace.Core.Catalog.Storefront;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Products;

/// <summary>商品详情: the same content as the API's product detail; not found unless the product is on the storefront.</summary>
[AllowAnonymous]
public sealed class DetailModel(StorefrontReader reader) : PageModel
{
    public ProductDetail Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await reader.DetailAsync(id, cancellationToken) is not { } product)
        {
            return NotFound();
        }

        Product = product;
        return Page();
    }
}
