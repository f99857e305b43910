using Marketplace.Core.Assistance;
using Marketplace.Web.Statistics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Pages.Statistics;

/// <summary>The annual report of a year and scope, in Chinese and in English, every figure from the ledger.</summary>
public sealed class ReportModel(StatisticsScopes scopes, StatisticsReports reports, TimeProvider clock) : StatisticsPageModel(scopes, clock)
{
    public AnnualReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await ResolveAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        Report = await reports.BuildAsync(SelectedYear, Scope, cancellationToken);
        return Page();
    }
}
