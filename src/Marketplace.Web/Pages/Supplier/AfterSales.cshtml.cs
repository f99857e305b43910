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

namespace Marketplace.Web.Pages.Supplier;

/// <summary>The supplier's after-sales requests, open ones first: agree (the line is refunded at once) or decline with a reason.</summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
public sealed class AfterSalesModel(
    AfterSales afterSales, IValidator<AfterSalesDecisionRequest> declineValidator, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<AfterSalesView> Requests { get; private set; } = [];

    public IReadOnlyDictionary<Guid, AfterSalesLine> Lines { get; private set; } = new Dictionary<Guid, AfterSalesLine>();

    /// <summary>Shows the answered ones too.</summary>
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    private Guid SupplierId => User.GetOrganizationId() ?? Guid.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAgreeAsync(Guid requestId, CancellationToken cancellationToken) =>
        await AfterAsync(await afterSales.AgreeAsync(SupplierId, requestId, AuditActors.UserId(User)!.Value, cancellationToken), "AfterSalesPage.Agreed", cancellationToken);

    public async Task<IActionResult> OnPostDeclineAsync(Guid requestId, string? reason, CancellationToken cancellationToken)
    {
        var validation = await declineValidator.ValidateAsync(new AfterSalesDecisionRequest(reason), cancellationToken);
        if (!validation.IsValid)
        {
            foreach (var error in validation.Errors)
            {
                ModelState.AddModelError("reason", error.ErrorMessage);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        return await AfterAsync(await afterSales.DeclineAsync(SupplierId, requestId, AuditActors.UserId(User)!.Value, reason!, cancellationToken), "AfterSalesPage.Declined", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(OrderChangeOutcome outcome, string done, CancellationToken cancellationToken)
    {
        switch (outcome.Failure)
        {
            case OrderChangeFailure.None:
                StatusMessage = localizer[done];
                return RedirectToPage(new { All });
            case OrderChangeFailure.NotFound:
                return NotFound();
            case OrderChangeFailure.Conflict:
                ModelState.AddModelError(string.Empty, localizer["Order.ChangedMeanwhile"]);
                break;
            default:
                ModelState.AddModelError(string.Empty, localizer["AfterSales.NotAllowed"]);
                break;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var requests = await afterSales.ForSupplierAsync(SupplierId, cancellationToken);
        Requests = [.. requests.Where(r => All || r.Status is AfterSalesStatus.Requested or AfterSalesStatus.DeclinedBySupplier or AfterSalesStatus.Escalated)
            .OrderBy(r => r.Status == AfterSalesStatus.Requested ? 0 : 1).ThenBy(r => r.RequestedAt)];
        Lines = await afterSales.LinesAsync(Requests, cancellationToken);
    }
}
