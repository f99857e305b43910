using Marketplace.Core.Assistance;

namespace Marketplace.Web.Statistics;

/// <summary>The annual report of a year and scope, every figure from the ledger entries.</summary>
public sealed class StatisticsReports(AssistanceStatistics statistics)
{
    public async Task<AnnualReport> BuildAsync(int year, ResolvedScope scope, CancellationToken cancellationToken)
    {
        var slices = await statistics.SlicesAsync(year, scope.Scope, cancellationToken);
        var beneficiaries = await statistics.BeneficiariesAsync(year, scope.Scope, cancellationToken);
        return AnnualReport.From(year, scope.Name, scope.Scope.IsGroup, slices, beneficiaries.Group);
    }
}
