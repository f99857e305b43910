using Marketplace.Core.Agreements;
using Marketplace.Core.Assistance;

namespace Marketplace.Web.Statistics;

/// <summary>The annual report of a year and scope: every figure from the ledger entries, and the agreements signed in the year.</summary>
public sealed class StatisticsReports(AssistanceStatistics statistics, SignedAgreements agreements)
{
    public async Task<AnnualReport> BuildAsync(int year, ResolvedScope scope, CancellationToken cancellationToken)
    {
        var slices = await statistics.SlicesAsync(year, scope.Scope, cancellationToken);
        var beneficiaries = await statistics.BeneficiariesAsync(year, scope.Scope, cancellationToken);
        // A unit's agreements are those of the unit and of the units below it today; the group's, every agreement.
        var buyers = scope.Scope.IsGroup ? null : (await statistics.UnitsAsync(year, scope.UnitId, cancellationToken)).Select(u => u.UnitId).ToList();
        var signed = await agreements.InYearAsync(year, buyers, cancellationToken);
        return AnnualReport.From(year, scope.Name, scope.Scope.IsGroup, slices, beneficiaries.Group, signed);
    }
}
