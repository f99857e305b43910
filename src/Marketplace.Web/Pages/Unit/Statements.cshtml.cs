using Marketplace.Core.Assistance;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Payments;
using Marketplace.Web.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>
/// 单位月度对账单: a unit's orders, payments, refunds and balance due in a China-time month (the last full month unless
/// one is chosen). Its admins and finance read their unit and the units below it; operators any unit.
/// </summary>
[Authorize(Policy = StatisticsReaderRequirement.Policy)]
public sealed class StatementsModel(
    StatisticsScopes scopes, UnitStatements statements, AssistanceStatistics statistics, OrganizationTree tree, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? UnitId { get; set; }

    public UnitStatement? Statement { get; private set; }

    public StatementMonth Selected { get; private set; }

    /// <summary>The units the user may choose: their unit and those below it (operators: every unit of the group).</summary>
    public IReadOnlyList<UnitTotal> Choices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var today = ChinaCalendar.Today(clock);
        Selected = StatementMonth.LastFullBefore(today);
        if (!string.IsNullOrEmpty(Month))
        {
            var (parsed, errors) = UnitStatementsApi.MonthOf(Month, localizer);
            if (parsed is null)
            {
                ModelState.AddModelError(nameof(Month), errors["month"][0]);
            }
            else
            {
                Selected = parsed.Value;
            }
        }

        var (scope, failure) = await scopes.ResolveAsync(User, UnitId, cancellationToken);
        if (scope is null)
        {
            return failure == ScopeFailure.NotFound ? NotFound() : Forbid();
        }

        var root = User.IsOperator() ? (await tree.FindGroupAsync(cancellationToken))?.Id : User.GetOrganizationId();
        Choices = root is { } id ? await statistics.UnitsAsync(today.Year, id, cancellationToken) : [];
        if (ModelState.IsValid)
        {
            Statement = await statements.BuildAsync(scope.UnitId, Selected, cancellationToken);
        }

        return Page();
    }

    public string ExportLink(string format) => $"/api/units/{Statement!.UnitId}/statements/{Statement.Month}/export?format={format}";

    public string MonthLink(StatementMonth month) => Url.Page("/Unit/Statements", new { month = month.ToString(), unitId = UnitId })!;
}
