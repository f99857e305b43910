using Marketplace.Core.Payments;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>支付对账: every payment part of a period by method against its order, orders that do not add up first.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class PaymentsModel(
    PaymentReconciliation reconciliation, TransferRefunds transferRefunds, CorporateTransfers transfers, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public ReconciliationReport? Report { get; private set; }

    public IReadOnlyList<TransferRefundDue> TransferRefundsDue { get; private set; } = [];

    /// <summary>The refunds this operator may record as paid back (none when suppliers receive transfers).</summary>
    public IReadOnlySet<Guid> Recordable { get; private set; } = new HashSet<Guid>();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var period = ReconciliationApi.Period(From, To, clock, localizer);
        From = period.From;
        To = period.To;
        foreach (var (key, messages) in period.Errors)
        {
            ModelState.AddModelError(key, messages[0]);
        }

        if (period.Errors.Count == 0)
        {
            Report = await reconciliation.ReportAsync(period.From, period.To, cancellationToken);
        }

        TransferRefundsDue = await transferRefunds.DueAsync(cancellationToken);
        var recordable = new HashSet<Guid>();
        foreach (var due in TransferRefundsDue)
        {
            if (await TransferReceivers.ReceivesAsync(User, transfers, due.PaymentId, cancellationToken))
            {
                recordable.Add(due.RefundId);
            }
        }

        Recordable = recordable;
    }

    public async Task<IActionResult> OnPostPaidBackAsync(Guid refundId, string? reference, CancellationToken cancellationToken)
    {
        var due = (await transferRefunds.DueAsync(cancellationToken)).SingleOrDefault(d => d.RefundId == refundId);
        var trimmed = reference?.Trim() ?? "";
        if (trimmed.Length is 0 or > CorporateTransfers.ReferenceMaxLength)
        {
            return await RefusedAsync(localizer["Validation.Required", localizer["TransferRefund.BackReference"]], cancellationToken);
        }

        if (due is not null && !await TransferReceivers.ReceivesAsync(User, transfers, due.PaymentId, cancellationToken))
        {
            return await RefusedAsync(localizer["TransferRefund.RecordedBySupplier"], cancellationToken);
        }

        var failure = due is null ? TransferFailure.NotAllowed : await transferRefunds.RecordPaidBackAsync(refundId, trimmed, AuditActors.Of(HttpContext), cancellationToken);
        if (failure != TransferFailure.None)
        {
            return await RefusedAsync(failure == TransferFailure.ReferenceUsed ? localizer["Transfer.ReferenceUsed"] : localizer["TransferRefund.NotDue"], cancellationToken);
        }

        StatusMessage = localizer["TransferRefund.Recorded", Money.Format(due!.AmountFen)];
        return RedirectToPage(null, null, new { From, To }, "transfer-refunds");
    }

    private async Task<IActionResult> RefusedAsync(string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError("reference", message);
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
