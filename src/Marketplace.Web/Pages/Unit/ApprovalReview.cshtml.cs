using Marketplace.Core.Approvals;
using Marketplace.Core.Ordering;
using Marketplace.Web.Approvals;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>An approver reviews one order of their unit: lines, levels, decisions; approves, rejects with a reason, or changes quantities.</summary>
[Authorize(Policy = ApprovalsApi.ApproverPolicy)]
public sealed class ApprovalReviewModel(ApprovalViews views, OrderApprovals approvals, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public ApprovalReview Review { get; private set; } = null!;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid orderId, CancellationToken cancellationToken) =>
        await LoadAsync(orderId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid orderId, CancellationToken cancellationToken) =>
        await AfterAsync(orderId, await approvals.ApproveAsync(orderId, ApprovalsApi.ApproverOf(HttpContext), cancellationToken), localizer["ApprovalReview.Approved"], cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(Guid orderId, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > OrderApproval.ReasonMaxLength)
        {
            ModelState.AddModelError("reason", string.IsNullOrWhiteSpace(reason)
                ? localizer["Approval.ReasonRequired"]
                : localizer["Validation.MaxLength", localizer["Approval.Reason"], OrderApproval.ReasonMaxLength]);
            return await LoadAsync(orderId, cancellationToken) ? Page() : NotFound();
        }

        var callOff = await LoadAsync(orderId, cancellationToken) && Review.IsCallOff;
        return await AfterAsync(
            orderId, await approvals.RejectAsync(orderId, ApprovalsApi.ApproverOf(HttpContext), reason.Trim(), cancellationToken),
            localizer[callOff ? "ApprovalReview.RejectedCallOff" : "ApprovalReview.Rejected"], cancellationToken);
    }

    /// <summary>The quantity fields come as <c>quantities[lineId]</c>; unchanged lines are left out of the change.</summary>
    public async Task<IActionResult> OnPostChangeAsync(Guid orderId, Dictionary<Guid, string> quantities, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(orderId, cancellationToken))
        {
            return NotFound();
        }

        var changed = new Dictionary<Guid, int>();
        foreach (var line in Review.Order.Lines)
        {
            var text = quantities.GetValueOrDefault(line.Id);
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var quantity)
                || quantity is <= 0 or > OrderingOptions.MaxQuantityPerLine)
            {
                ModelState.AddModelError($"quantities[{line.Id}]", $"{line.ProductName} {line.Spec}: {localizer["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]}");
                continue;
            }

            if (quantity != line.Quantity)
            {
                changed[line.Id] = quantity;
            }
        }

        if (ModelState.IsValid && changed.Count == 0)
        {
            ModelState.AddModelError(string.Empty, localizer["ApprovalReview.NothingChanged"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await AfterAsync(orderId, await approvals.ChangeAsync(orderId, ApprovalsApi.ApproverOf(HttpContext), changed, cancellationToken), localizer["ApprovalReview.Changed"], cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Guid orderId, ApprovalOutcome outcome, string done, CancellationToken cancellationToken)
    {
        if (outcome.Failure == ApprovalFailure.None)
        {
            StatusMessage = done;
            return RedirectToPage(new { orderId });
        }

        if (outcome.Failure == ApprovalFailure.NotFound || !await LoadAsync(orderId, cancellationToken))
        {
            return NotFound();
        }

        ModelState.AddModelError(string.Empty, ApprovalsApi.Problem(outcome, localizer, HttpContext).Detail ?? "");
        foreach (var (lineId, rejection) in outcome.Lines ?? new Dictionary<Guid, LineRejection>())
        {
            var line = Review.Order.Lines.Single(l => l.Id == lineId);
            ModelState.AddModelError($"quantities[{lineId}]", $"{line.ProductName} {line.Spec}: {localizer["LineRejection." + rejection]}");
        }

        return Page();
    }

    private async Task<bool> LoadAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var approver = ApprovalsApi.ApproverOf(HttpContext);
        Review = (await views.ReviewAsync(orderId, approver.UserId, approver.UnitId, approver.Roles, cancellationToken))!;
        return Review is not null;
    }
}
