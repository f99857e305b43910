using Marketplace.Core.Assistance;
using Marketplace.Web.Statistics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Pages.Statistics;

/// <summary>The ledger entries behind a figure value (or the whole year of the scope), a page at a time, with their order numbers.</summary>
public sealed class EntriesModel(StatisticsScopes scopes, AssistanceStatistics statistics, TimeProvider clock) : StatisticsPageModel(scopes, clock)
{
    [BindProperty(SupportsGet = true)]
    public string? Dimension { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Value { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public LedgerPage Entries { get; private set; } = null!;

    public AssistanceDimension? Filter { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await ResolveAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!string.IsNullOrWhiteSpace(Dimension) || !string.IsNullOrWhiteSpace(Value))
        {
            Filter = StatisticsQuery.DimensionOf(Dimension);
            if (Filter is not { } dimension || !AssistanceStatistics.IsValidValue(dimension, Value?.Trim()))
            {
                return BadRequest();
            }
        }

        var filter = Filter is { } d ? new LedgerFilter(SelectedYear, Scope.Scope, d, Value!.Trim()) : new LedgerFilter(SelectedYear, Scope.Scope);
        Entries = await statistics.EntriesAsync(filter, Math.Max(PageNumber, 1), EntriesQuery.DefaultPageSize, cancellationToken);
        return Page();
    }

    public int PageCount => Math.Max(1, (Entries.TotalCount + Entries.PageSize - 1) / Entries.PageSize);

    public string PageLink(int page) =>
        Url.Page("/Statistics/Entries", new { year = SelectedYear, unitId = ScopeUnit, dimension = Filter?.ToString(), value = Value?.Trim(), page })!;
}
