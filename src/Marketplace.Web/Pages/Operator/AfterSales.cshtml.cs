using FluentValidation;
using Marketplace.Core.Ordering;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>平台介入: after-sales requests with escalated ones first; the operator decides for the buyer (refund) or against, with a reason.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class AfterSalesModel(
    AfterSales afterSales, IValidator<OperatorAfterSalesDecision> decisionValidator, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<AfterSalesView> Requests { get; private set; } = [];

    public IReadOnlyDictionary<Guid, AfterSalesLine> Lines { get; private set; } = new Dictionary<Guid, AfterSalesLine>();

    [BindProperty(SupportsGet = true)]
    public AfterSalesStatus? Status { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostDecideAsync(Guid requestId, bool? forBuyer, string? reason, CancellationToken cancellationToken)
    {
        var decision = new OperatorAfterSalesDecision(forBuyer, reason);
        var validation = await decisionValidator.ValidateAsync(decision, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError(error.PropertyName, error.ErrorMessage);
        }

        var outcome = validation.IsValid ? await afterSales.DecideAsync(requestId, AuditActors.UserId(User)!.Value, decision, cancellationToken) : null;
        switch (outcome?.Failure)
        {
            case OrderChangeFailure.None:
                StatusMessage = localizer[forBuyer == true ? "AfterSalesPage.DecidedForBuyer" : "AfterSalesPage.DecidedAgainst"];
                return RedirectToPage(new { Status });
            case OrderChangeFailure.NotFound:
                return NotFound();
            case OrderChangeFailure.Conflict:
                ModelState.AddModelError(string.Empty, localizer["Order.ChangedMeanwhile"]);
                break;
            case OrderChangeFailure.NotAllowed:
                ModelState.AddModelError(string.Empty, localizer["AfterSales.NotAllowed"]);
                break;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // Waiting ones oldest first, answered ones newest first.
        var requests = await afterSales.ForOperatorsAsync(Status, cancellationToken);
        Requests = [.. requests.OrderBy(r => r.Status switch { AfterSalesStatus.Escalated => 0, AfterSalesStatus.Requested => 1, AfterSalesStatus.DeclinedBySupplier => 2, _ => 3 })
            .ThenBy(r => r.Status is AfterSalesStatus.Refunded or AfterSalesStatus.Closed ? -r.RequestedAt.Ticks : r.RequestedAt.Ticks)];
        Lines = await afterSales.LinesAsync(Requests, cancellationToken);
    }
}
