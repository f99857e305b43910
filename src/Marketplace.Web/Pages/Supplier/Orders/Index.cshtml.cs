using FluentValidation;
using Marketplace.Core.Ordering;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Supplier.Orders;

/// <summary>The supplier's incoming sub-orders: accept, refuse with a reason, ship (in parts) with carrier and tracking number, mark delivered.</summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
public sealed class IndexModel(
    SupplierSubOrders subOrders, IValidator<RefuseSubOrderRequest> refuseValidator, IValidator<ShipSubOrderRequest> shipValidator,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<SupplierSubOrderView> SubOrders { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public SubOrderStatus? Status { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    private Guid SupplierId => User.GetOrganizationId() ?? Guid.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAcceptAsync(Guid subOrderId, CancellationToken cancellationToken) =>
        await AfterAsync(await subOrders.AcceptAsync(SupplierId, subOrderId, cancellationToken), "SupplierOrders.Accepted", cancellationToken);

    public async Task<IActionResult> OnPostRefuseAsync(Guid subOrderId, string? reason, CancellationToken cancellationToken)
    {
        var request = new RefuseSubOrderRequest(reason);
        return await ValidAsync(refuseValidator, request, cancellationToken)
            ? await AfterAsync(await subOrders.RefuseAsync(SupplierId, subOrderId, request, cancellationToken), "SupplierOrders.Refused", cancellationToken)
            : await PageAsync(cancellationToken);
    }

    /// <summary>Ships the quantities entered per line (a partial shipment when less than what remains).</summary>
    public async Task<IActionResult> OnPostShipAsync(
        Guid subOrderId, string? carrier, string? trackingNumber, List<Guid>? lineId, List<int?>? quantity, CancellationToken cancellationToken)
    {
        var ids = lineId ?? [];
        var quantities = quantity ?? [];
        if (ids.Count != quantities.Count || quantities.Any(q => q is null or < 0 or > OrderingOptions.MaxQuantityPerLine))
        {
            ModelState.AddModelError("quantity", localizer["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
            return await PageAsync(cancellationToken);
        }

        var lines = ids.Zip(quantities).Where(p => p.Second > 0).Select(p => new ShipmentLine(p.First, p.Second!.Value)).ToList();
        if (lines.Count == 0)
        {
            ModelState.AddModelError("quantity", localizer["SupplierOrders.NothingToShip"]);
            return await PageAsync(cancellationToken);
        }

        var request = new ShipSubOrderRequest(carrier, trackingNumber, lines);
        return await ValidAsync(shipValidator, request, cancellationToken)
            ? await AfterAsync(await subOrders.ShipAsync(SupplierId, subOrderId, request, cancellationToken), "SupplierOrders.Shipped", cancellationToken)
            : await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostDeliveredAsync(Guid subOrderId, CancellationToken cancellationToken) =>
        await AfterAsync(await subOrders.MarkDeliveredAsync(SupplierId, subOrderId, cancellationToken), "SupplierOrders.Delivered", cancellationToken);

    private async Task<bool> ValidAsync<T>(IValidator<T> validator, T request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError(error.PropertyName, error.ErrorMessage);
        }

        return validation.IsValid;
    }

    private async Task<IActionResult> AfterAsync(OrderChangeOutcome outcome, string done, CancellationToken cancellationToken)
    {
        switch (outcome.Failure)
        {
            case OrderChangeFailure.None:
                StatusMessage = localizer[done];
                return RedirectToPage(new { Status });
            case OrderChangeFailure.NotFound:
                return NotFound();
            case OrderChangeFailure.Conflict:
                ModelState.AddModelError(string.Empty, localizer["Order.ChangedMeanwhile"]);
                break;
            default:
                ModelState.AddModelError(string.Empty, localizer["Order.NotAllowedNow"]);
                break;
        }

        return await PageAsync(cancellationToken);
    }

    private async Task<IActionResult> PageAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        SubOrders = await subOrders.ListAsync(SupplierId, Status, cancellationToken);
}
