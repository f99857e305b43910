using Marketplace.Web.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Statistics;

/// <summary>
/// The statistics pages' year and scope, read from the query string as the API reads them; a scope the user may not
/// read is refused (403), an unknown unit is not found, and a malformed year or unit falls back to the default.
/// </summary>
[Authorize(Policy = StatisticsReaderRequirement.Policy)]
public abstract class StatisticsPageModel(StatisticsScopes scopes, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? UnitId { get; set; }

    public int SelectedYear { get; private set; }

    public ResolvedScope Scope { get; private set; } = null!;

    /// <summary>The scope's unit in links: none for the group, so links stay short and say "the group".</summary>
    public string? ScopeUnit => Scope.Scope.UnitId?.ToString();

    protected async Task<IActionResult?> ResolveAsync(CancellationToken cancellationToken)
    {
        var query = new StatisticsQuery(StatisticsQuery.ValidYear(Year) ? Year : null, StatisticsQuery.ValidGuid(UnitId) ? UnitId : null);
        SelectedYear = query.YearOr(clock);
        var (scope, failure) = await scopes.ResolveAsync(User, query.Unit, cancellationToken);
        if (scope is null)
        {
            return failure == ScopeFailure.NotFound ? NotFound() : Forbid();
        }

        Scope = scope;
        return null;
    }
}
