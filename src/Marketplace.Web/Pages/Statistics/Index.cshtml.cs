using Marketplace.Core.Assistance;
using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Marketplace.Web.Statistics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Pages.Statistics;

/// <summary>The assistance dashboard: a year and a scope, charts by month, county, channel and measure, the units, their targets and beneficiaries.</summary>
public sealed class IndexModel(
    StatisticsScopes scopes, OrganizationTree tree, AssistanceStatistics statistics, StatisticsReports reports, TargetQueries targets, TimeProvider clock)
    : StatisticsPageModel(scopes, clock)
{
    public Figure Months { get; private set; } = null!;

    public Figure Counties { get; private set; } = null!;

    public Figure Channels { get; private set; } = null!;

    public Figure Measures { get; private set; } = null!;

    public IReadOnlyList<LeaderboardRow> Leaderboard { get; private set; } = [];

    public BeneficiaryReport Beneficiaries { get; private set; } = null!;

    /// <summary>The scope's units with a target for the year, best achieved first.</summary>
    public IReadOnlyList<TargetProgress> Targets { get; private set; } = [];

    public AnnualReport Report { get; private set; } = null!;

    /// <summary>The scopes the user may choose: the group (operators) or their unit, and the units below it.</summary>
    public IReadOnlyList<UnitTotal> Choices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await ResolveAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var year = SelectedYear;
        Months = await statistics.FigureAsync(year, Scope.Scope, AssistanceDimension.Month, cancellationToken);
        Counties = await statistics.FigureAsync(year, Scope.Scope, AssistanceDimension.County, cancellationToken);
        Channels = await statistics.FigureAsync(year, Scope.Scope, AssistanceDimension.Channel, cancellationToken);
        Measures = await statistics.FigureAsync(year, Scope.Scope, AssistanceDimension.Measure, cancellationToken);
        Leaderboard = await statistics.LeaderboardAsync(year, Scope.UnitId, 20, cancellationToken);
        Targets = TargetChart.InScope(await targets.AllAsync(year, cancellationToken), Scope.Scope.UnitId);
        Beneficiaries = await statistics.BeneficiariesAsync(year, Scope.Scope, cancellationToken);
        Report = await reports.BuildAsync(year, Scope, cancellationToken);
        var root = User.IsOperator() ? (await tree.FindGroupAsync(cancellationToken))!.Id : User.GetOrganizationId()!.Value;
        Choices = await statistics.UnitsAsync(year, root, cancellationToken);
        return Page();
    }

    public string EntriesLink(AssistanceDimension dimension, string value) =>
        Url.Page("/Statistics/Entries", new { year = SelectedYear, unitId = ScopeUnit, dimension = dimension.ToString(), value })!;

    /// <summary>The entries of a unit's year (the unit and the units below it), the drill-down of its target bar.</summary>
    public string UnitEntriesLink(Guid unitId) => Url.Page("/Statistics/Entries", new { year = SelectedYear, unitId })!;

    public string ScopeLink(Guid unitId) => Url.Page("/Statistics/Index", new { year = SelectedYear, unitId })!;
}
