using Marketplace.Core.Payments;
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
public sealed class PaymentsModel(PaymentReconciliation reconciliation, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public ReconciliationReport? Report { get; private set; }

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
    }
}
