using Marketplace.Core.Assistance;
using Marketplace.Core.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Operators;

/// <summary>
/// <c>dotnet run --project src/Marketplace.Web -- rebuild-statistics [--check YEAR]</c>: recomputes the assistance read
/// model from the ledger in one transaction and exits without serving; with <c>--check</c> it then reconciles the
/// year and exits 1 on any mismatch.
/// </summary>
public static class RebuildStatisticsCommand
{
    public const string Verb = "rebuild-statistics";

    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var at = Array.IndexOf(args, "--check");
        int? year = null;
        if (at >= 0)
        {
            if (at + 1 >= args.Length || !int.TryParse(args[at + 1], out var parsed) || parsed is < 2000 or > 2100)
            {
                await output.WriteLineAsync($"Usage: {Verb} [--check <year>]");
                return 2;
            }

            year = parsed;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await ActivatorUtilities.CreateInstance<DatabaseMigrator>(scope.ServiceProvider).MigrateAsync(db, CancellationToken.None);
        }

        var rebuilt = await AssistanceProjection.RebuildAsync(db);
        await output.WriteLineAsync($"Rebuilt the statistics from {rebuilt.Entries} ledger entries: {rebuilt.TotalRows} total rows, {rebuilt.UnitRows} unit rows, {rebuilt.ScopeRows} unit-scope rows.");
        if (year is not { } checkedYear)
        {
            return 0;
        }

        var report = await scope.ServiceProvider.GetRequiredService<AssistanceReconciliation>().CheckAsync(checkedYear);
        await output.WriteLineAsync($"{checkedYear}: ledger {report.LedgerFen} fen, {report.Orders.Count} order mismatches, {report.ReadModel.Count} read-model mismatches.");
        foreach (var order in report.Orders)
        {
            await output.WriteLineAsync($"  order {order.OrderNumber} ({order.OrderId}): kept {order.ExpectedFen} fen, ledger {order.LedgerFen} fen");
        }

        foreach (var row in report.ReadModel)
        {
            await output.WriteLineAsync($"  {row.Dimension} {row.Value}: ledger {row.LedgerFen} fen, read model {row.ReadModelFen} fen");
        }

        return report.Balanced ? 0 : 1;
    }
}
