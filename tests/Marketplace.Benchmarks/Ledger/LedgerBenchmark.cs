using System.Diagnostics;
using System.Globalization;
using Dapper;
using Marketplace.Benchmarks.Results;
using Marketplace.Benchmarks.Seeding;
using Marketplace.Core.Assistance;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Benchmarks.Ledger;

/// <summary>
/// B5: the dashboard's figures (by month, county, channel and measure, for the group) from the read model that the
/// ledger consumers keep (B, <see cref="AssistanceStatistics"/>) against the same figures by GROUP BY over the ledger
/// (A), on a ledger of <c>entries</c> rows written by COPY and projected by the real rebuild. Both must give the same
/// answers; interleaved A B rounds; the ratio is A's time over B's.
/// </summary>
internal sealed class LedgerBenchmark(int entries, int rounds)
{
    private const int Year = 2021;
    private const int Iterations = 20;
    private static readonly AssistanceDimension[] _figures = [AssistanceDimension.Month, AssistanceDimension.County, AssistanceDimension.Channel, AssistanceDimension.Measure];

    public async Task RunAsync(ResultTable table, string connectionString)
    {
        var seeding = Stopwatch.StartNew();
        await SeedAsync(connectionString);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded and projected {entries:N0} ledger entries in {seeding.Elapsed.TotalSeconds:F1} s"));

        await using var connections = new ReadConnections(DatabaseProvider.PostgreSql, connectionString);
        var statistics = new AssistanceStatistics(connections, new AssistanceQueries(connections));
        var fromReadModel = await ReadModelAsync(statistics);
        var byGroupBy = await GroupByAsync(connectionString);
        if (!fromReadModel.SequenceEqual(byGroupBy))
        {
            throw new InvalidOperationException("B5: the read model and the GROUP BY over the ledger disagree.");
        }

        var ratios = new List<double>();
        double a = 0, b = 0;
        for (var round = 1; round <= rounds; round++)
        {
            a = await TimeAsync(() => GroupByAsync(connectionString));
            b = await TimeAsync(() => ReadModelAsync(statistics));
            ratios.Add(a / b);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round} A group by {a:F2} ms  B read model {b:F3} ms  ratio {a / b:F0}"));
        }

        var ratio = ResultTable.Median(ratios);
        table.Add(new ResultRow("B5", string.Create(CultureInfo.InvariantCulture, $"dashboard figures (month, county, channel, measure), {entries:N0} ledger entries, PostgreSQL"),
            string.Create(CultureInfo.InvariantCulture, $"{b:F2} ms"), string.Create(CultureInfo.InvariantCulture, $"{a:F1} ms (GROUP BY)"), ratio, "≥ 50", ratio >= 50,
            "same answers checked before timing"));
    }

    private static async Task<double> TimeAsync(Func<Task<List<string>>> figures)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            await figures();
        }

        return clock.Elapsed.TotalMilliseconds / Iterations;
    }

    private static async Task<List<string>> ReadModelAsync(AssistanceStatistics statistics)
    {
        var rows = new List<string>();
        foreach (var dimension in _figures)
        {
            var figure = await statistics.FigureAsync(Year, StatisticsScope.Group, dimension);
            rows.AddRange(figure.Rows.Where(r => r.AmountFen != 0 || r.Quantity != 0).Select(r => $"{dimension} {r.Value} {r.AmountFen}").Order(StringComparer.Ordinal));
        }

        return rows;
    }

    private static async Task<List<string>> GroupByAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = new List<string>();
        foreach (var (dimension, column) in new[] { (AssistanceDimension.Month, "lpad(month::text, 2, '0')"), (AssistanceDimension.County, "county_code"), (AssistanceDimension.Channel, "channel"), (AssistanceDimension.Measure, "measure") })
        {
            var totals = await connection.QueryAsync<(string Value, long Fen)>(
                $"SELECT {column}::text AS value, CAST(SUM(amount_fen) AS BIGINT) AS fen FROM assistance_entries WHERE year = @Year GROUP BY {column}", new { Year });
            rows.AddRange(totals.Select(t => $"{dimension} {t.Value} {t.Fen}").Order(StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>Twenty units under the group (two levels), fifty suppliers, the entries by COPY, then the real rebuild.</summary>
    private async Task SeedAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, DatabaseProvider.PostgreSql, connectionString);
        await using var db = new MarketplaceDbContext(options.Options);
        var created = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var group = await db.Organizations.SingleOrDefaultAsync(o => o.Kind == OrganizationKind.Group) ?? Organization.CreateGroup("集团", "G", created);
        if (db.Entry(group).State == EntityState.Detached)
        {
            db.Organizations.Add(group);
        }

        var top = Enumerable.Range(0, 10).Select(i => Organization.CreateMemberUnit($"成员单位{i}", null, group, created)).ToList();
        var units = top.Concat(top.Select(t => Organization.CreateMemberUnit($"{t.Name}分公司", null, t, created))).ToList();
        var suppliers = Enumerable.Range(0, 50).Select(i => Organization.CreateSupplier($"供应商{i}", null, created)).ToList();
        db.Organizations.AddRange(units);
        db.Organizations.AddRange(suppliers);
        await db.SaveChangesAsync();

        var counties = (await SeedWriters.PostgresCountiesAsync(connectionString)).ToList();
        var regions = (await db.Counties.AsNoTracking().ToListAsync()).ToDictionary(c => c.Code);
        string[] channels = ["UnitCollective", "EmployeePersonal", "Welfare", "Public"];
        string[] funding = ["UnitProcurement", "Personal", "WelfareAllowance", "Personal"];
        string[] categories = ["Meat", "Fruit", "Vegetables", "GrainAndOil", "TeaAndDrinks"];
        var random = new Random(5);
        IEnumerable<object?[]> Rows()
        {
            for (var i = 0; i < entries; i++)
            {
                var at = new DateTime(Year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 364 * 24 * 60));
                var county = regions[counties[random.Next(counties.Count)]];
                var c = random.Next(channels.Length);
                var amount = (long)random.Next(100, 500_000);
                var orderId = Guid.CreateVersion7(at);
                var china = at.AddHours(8);
                yield return
                [
                    Guid.CreateVersion7(at), "Purchase", orderId, orderId, "B" + i.ToString("D12", CultureInfo.InvariantCulture), Guid.CreateVersion7(at), amount, random.Next(1, 20), at,
                    china.Year, china.Month, county.Code, county.Region.ToString(), county.AssistanceType.ToString(), suppliers[random.Next(suppliers.Count)].Id,
                    categories[random.Next(categories.Length)], Guid.CreateVersion7(at), c == 3 ? null : units[random.Next(units.Count)].Id,
                    channels[c], funding[c], funding[c] == "Personal" ? "HelpSell" : "DirectPurchase", null,
                ];
            }
        }

        await SeedWriters.PostgresAsync(connectionString, [new SeedTable("assistance_entries",
        [
            "id", "kind", "source_id", "order_id", "order_number", "line_id", "amount_fen", "quantity", "occurred_at", "year", "month", "county_code", "region",
            "assistance_type", "supplier_id", "category", "buyer_user_id", "buyer_unit_id", "channel", "funding_source", "measure", "campaign_code",
        ], Rows())]);
        await AssistanceProjection.RebuildAsync(db);
    }
}
