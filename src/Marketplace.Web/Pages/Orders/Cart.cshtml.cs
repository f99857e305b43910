using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Orders;

/// <summary>购物车: the lines at today's prices (volume tiers applied), problems flagged, quantities changed or removed.</summary>
[Authorize]
public sealed class CartModel(Cart cart, MarketplaceDbContext db, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public CartView View { get; private set; } = new([], 0, false);

    /// <summary>Each line's SKU list price and volume tiers, to show what the tier saved.</summary>
    public IReadOnlyDictionary<Guid, (long PriceFen, IReadOnlyList<VolumeTier> Tiers)> Prices { get; private set; } =
        new Dictionary<Guid, (long, IReadOnlyList<VolumeTier>)>();

    [TempData]
    public string? StatusMessage { get; set; }

    private Guid UserId => AuditActors.UserId(User)!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostQuantityAsync(Guid skuId, int? quantity, CancellationToken cancellationToken)
    {
        if (quantity is not { } wanted || wanted < 1 || wanted > OrderingOptions.MaxQuantityPerLine)
        {
            ModelState.AddModelError("quantity", localizer["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        try
        {
            if (!await cart.SetAsync(UserId, skuId, wanted, cancellationToken))
            {
                return NotFound();
            }
        }
        catch (OrderRuleException)
        {
            ModelState.AddModelError(string.Empty, localizer["Cart.Full", CartItem.MaxItems]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        StatusMessage = localizer["CartPage.Updated"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid skuId, CancellationToken cancellationToken)
    {
        await cart.RemoveAsync(UserId, skuId, cancellationToken);
        StatusMessage = localizer["CartPage.Removed"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        View = await cart.ViewAsync(UserId, cancellationToken);
        var skuIds = View.Lines.Select(l => l.SkuId).ToList();
        Prices = (await db.ListingSkus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Id, s => (s.PriceFen, s.VolumeTiers));
    }
}
