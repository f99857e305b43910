using Marketplace.Core.Ordering;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Orders;

/// <summary>One order for its buyer (operators may read any): lines, sub-orders with shipments, timelines, cancel and confirm receipt.</summary>
[Authorize]
public sealed class DetailModel(
    OrderViews views, CancelOrder cancel, ConfirmReceipt confirm, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public OrderView Order { get; private set; } = null!;

    public bool IsBuyer { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid orderId, CancellationToken cancellationToken) =>
        await LoadAsync(orderId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(Guid orderId, string? reason, CancellationToken cancellationToken)
    {
        if (reason is { Length: > Core.Ordering.Order.ReasonMaxLength })
        {
            ModelState.AddModelError("reason", localizer["Validation.MaxLength", localizer["Order.CancelReason"], Core.Ordering.Order.ReasonMaxLength]);
            return await LoadAsync(orderId, cancellationToken) ? Page() : NotFound();
        }

        var outcome = await cancel.HandleAsync(orderId, AuditActors.UserId(User)!.Value, new CancelOrderRequest(reason), cancellationToken);
        return await AfterAsync(orderId, outcome, localizer["OrderPage.Cancelled"], cancellationToken);
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid orderId, Guid subOrderId, CancellationToken cancellationToken)
    {
        var outcome = await confirm.HandleAsync(orderId, subOrderId, AuditActors.UserId(User)!.Value, cancellationToken);
        return await AfterAsync(orderId, outcome, localizer["OrderPage.Received"], cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Guid orderId, OrderChangeOutcome outcome, string done, CancellationToken cancellationToken)
    {
        if (outcome.Failure == OrderChangeFailure.None)
        {
            StatusMessage = done;
            return RedirectToPage(new { orderId });
        }

        if (outcome.Failure == OrderChangeFailure.NotFound || !await LoadAsync(orderId, cancellationToken))
        {
            return NotFound();
        }

        ModelState.AddModelError(string.Empty, outcome.Failure == OrderChangeFailure.Conflict ? localizer["Order.ChangedMeanwhile"] : localizer["Order.NotAllowedNow"]);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid orderId, CancellationToken cancellationToken)
    {
        IsBuyer = await views.IsBuyerAsync(orderId, AuditActors.UserId(User), cancellationToken);
        if (!IsBuyer && !User.IsOperator())
        {
            return false;
        }

        Order = (await views.FindAsync(orderId, cancellationToken))!;
        return Order is not null;
    }

    public static bool IsStillDeciding(OrderStatus status) => status == OrderStatus.Submitted;
}
