using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Ordering;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Products;

/// <summary>商品详情: the same content as the API's product detail; not found unless the product is on the storefront.</summary>
[AllowAnonymous]
public sealed class DetailModel(StorefrontReader reader, Cart cart, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public ProductDetail Product { get; private set; } = null!;

    /// <summary>Shown beside the SKU whose add-to-cart failed.</summary>
    public Guid? ErrorSkuId { get; private set; }

    public string? Error { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await reader.DetailAsync(id, cancellationToken) is not { } product)
        {
            return NotFound();
        }

        Product = product;
        return Page();
    }

    /// <summary>加入购物车: adds to what the cart already holds of that SKU. A visitor signs in first and comes back here.</summary>
    public async Task<IActionResult> OnPostAddToCartAsync(Guid id, Guid skuId, int? quantity, CancellationToken cancellationToken)
    {
        if (AuditActors.UserId(User) is not { } userId)
        {
            return Challenge(new AuthenticationProperties { RedirectUri = Url.Page("/Products/Detail", new { id }) });
        }

        if (await reader.DetailAsync(id, cancellationToken) is not { } product || product.Skus.All(s => s.Id != skuId))
        {
            return NotFound();
        }

        Product = product;
        var held = (await cart.ViewAsync(userId, cancellationToken)).Lines.SingleOrDefault(l => l.SkuId == skuId)?.Quantity ?? 0;
        if (quantity is not { } wanted || wanted < 1 || held + wanted > OrderingOptions.MaxQuantityPerLine)
        {
            return Failed(skuId, localizer["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
        }

        try
        {
            await cart.SetAsync(userId, skuId, held + wanted, cancellationToken);
        }
        catch (OrderRuleException)
        {
            return Failed(skuId, localizer["Cart.Full", CartItem.MaxItems]);
        }

        StatusMessage = localizer["Storefront.AddedToCart", product.Name];
        return RedirectToPage("/Orders/Cart");
    }

    private PageResult Failed(Guid skuId, string error)
    {
        ErrorSkuId = skuId;
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
