using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Assistance;

/// <summary>The statistics' adding upsert and their Dapper reads on PostgreSQL, with the SQL that also runs on SQLite.</summary>
public sealed class AssistanceStatisticsPostgresTests
{
    private const int Year = 2035;

    private PostgresDatabase _database = null!;
    private ReadConnections _connections = null!;
    private AssistanceQueries _queries = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.Context())
        {
            await db.Database.MigrateAsync();
        }

        _connections = new ReadConnections(DatabaseProvider.PostgreSql, _database.ConnectionString);
        _queries = new AssistanceQueries(_connections);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        await _connections.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Concurrent_writers_add_up_and_every_query_reads_the_same_figures_as_on_sqlite()
    {
        Guid group, north, south, workshop, supplierA, supplierB;
        await using (var db = _database.Context())
        {
            var now = Utc("2035-01-01T00:00:00Z");
            var g = Organization.CreateGroup("中国兵器装备集团", "CSGC", now);
            var n = Organization.CreateMemberUnit("北方公司", null, g, now);
            var s = Organization.CreateMemberUnit("南方公司", null, g, now);
            var w = Organization.CreateMemberUnit("车间", null, n, now);
            var a = Organization.CreateSupplier("砚山县合作社", null, now);
            var b = Organization.CreateSupplier("泸西县合作社", null, now);
            db.Organizations.AddRange(g, n, s, w, a, b);
            db.BenefitLinkages.AddRange(
                BenefitLinkage.Declare(a.Id, BenefitMechanism.CooperativeAndHouseholds, null, 10, 30, 5, 2, new DateOnly(2035, 1, 1), Guid.CreateVersion7(), now),
                BenefitLinkage.Declare(b.Id, BenefitMechanism.Wages, null, 4, 12, 1, 0, new DateOnly(2035, 1, 1), Guid.CreateVersion7(), now));
            await db.SaveChangesAsync();
            w.MoveTo(s, [s.Id, g.Id], Utc("2035-06-15T00:00:00Z"));
            await db.SaveChangesAsync();
            (group, north, south, workshop, supplierA, supplierB) = (g.Id, n.Id, s.Id, w.Id, a.Id, b.Id);
        }

        // Twenty writers at once, each adding to the same rows: the upsert adds, so nothing is lost.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => RecordAsync(
            Purchase(Utc("2035-03-01T02:00:00Z").AddMinutes(i), workshop, supplierA, CountySeed.Yanshan, 100),
            Purchase(Utc("2035-09-01T02:00:00Z").AddMinutes(i), workshop, supplierB, CountySeed.Luxi, 50))));
        await RecordAsync(Purchase(Utc("2035-12-31T16:30:00Z"), north, supplierA, CountySeed.Yanshan, 7));

        var counties = (await _queries.TotalsAsync(Year, AssistanceDimension.County)).ToDictionary(t => t.Value, t => (t.AmountFen, t.Quantity));
        var months = await _queries.MonthSeriesAsync(Year);
        var subtree = (await _queries.SubtreeAsync(Year, north)).ToDictionary(u => u.UnitId);
        var board = await _queries.LeaderboardAsync(Year, group);
        var beneficiaries = await _queries.BeneficiariesAsync(Year);
        Assert.Multiple(async () =>
        {
            Assert.That(counties, Is.EquivalentTo(new Dictionary<string, (long, long)> { [CountySeed.Yanshan] = (2000, 20), [CountySeed.Luxi] = (1000, 20) }));
            Assert.That(await _queries.YearTotalFenAsync(Year), Is.EqualTo(3000));
            Assert.That(await _queries.YearTotalFenAsync(Year + 1), Is.EqualTo(7), "31 December 16:30 UTC is New Year's Day in China");
            Assert.That(months.Where(m => m.AmountFen != 0).Select(m => (m.Month, m.AmountFen)), Is.EqualTo(new[] { (3, 2000L), (9, 1000L) }));
            Assert.That(subtree.Keys, Is.EquivalentTo(new[] { north }));
            Assert.That(subtree[north].SubtreeFen, Is.EqualTo(2000), "the workshop's purchases before its move");
            Assert.That(board.Select(r => (r.Rank, r.UnitId, r.SubtreeFen)), Is.EqualTo(new[] { (1, north, 2000L), (2, south, 1000L) }));
            Assert.That((await _queries.UnitAsync(Year, workshop))!.DirectFen, Is.EqualTo(3000));
            Assert.That(beneficiaries.Group, Is.EqualTo(new Beneficiaries(2, 0, 14, 42, 6, 2)));
            Assert.That(beneficiaries.Counties.Select(c => (c.CountyCode, c.Beneficiaries.Households)), Is.EquivalentTo(new[] { (CountySeed.Yanshan, 10L), (CountySeed.Luxi, 4L) }));
        });

        // The scoped figures, the drill-down with each kind of filter value and the report's slices, on PostgreSQL.
        var statistics = new AssistanceStatistics(_connections, _queries);
        var northCounties = await statistics.FigureAsync(Year, new StatisticsScope(north), AssistanceDimension.County);
        var southSuppliers = await statistics.FigureAsync(Year, new StatisticsScope(south), AssistanceDimension.Supplier);
        var groupMonths = await statistics.FigureAsync(Year, StatisticsScope.Group, AssistanceDimension.Month);
        var byCounty = await statistics.EntriesAsync(new LedgerFilter(Year, new StatisticsScope(north), AssistanceDimension.County, CountySeed.Yanshan), 2, 5);
        var bySupplier = await statistics.EntriesAsync(new LedgerFilter(Year, StatisticsScope.Group, AssistanceDimension.Supplier, supplierB.ToString()), 1, 50);
        var byMonth = await statistics.EntriesAsync(new LedgerFilter(Year, new StatisticsScope(workshop), AssistanceDimension.Month, "09"), 1, 50);
        var slices = await statistics.SlicesAsync(Year, new StatisticsScope(south));
        var southBeneficiaries = await statistics.BeneficiariesAsync(Year, new StatisticsScope(south));
        Assert.Multiple(() =>
        {
            Assert.That(northCounties.Rows.Select(r => (r.Value, r.Label, r.AmountFen)), Is.EqualTo(new[] { (CountySeed.Yanshan, "砚山县", 2000L) }));
            Assert.That(southSuppliers.Rows.Select(r => (r.Value, r.Label, r.AmountFen)), Is.EqualTo(new[] { (supplierB.ToString("D"), "泸西县合作社", 1000L) }));
            Assert.That(groupMonths.Rows.Select(r => r.AmountFen), Is.EqualTo(new long[] { 0, 0, 2000, 0, 0, 0, 0, 0, 1000, 0, 0, 0 }));
            Assert.That((byCounty.TotalCount, byCounty.TotalFen, byCounty.Entries.Count), Is.EqualTo((20, 2000L, 5)));
            Assert.That(byCounty.Entries.All(e => e.CountyName == "砚山县" && e.BuyerUnitName == "车间" && e.SupplierName == "砚山县合作社"), Is.True);
            Assert.That((bySupplier.TotalCount, bySupplier.TotalFen), Is.EqualTo((20, 1000L)));
            Assert.That((byMonth.TotalCount, byMonth.TotalFen), Is.EqualTo((20, 1000L)));
            Assert.That(slices.Select(x => (x.CountyCode, x.AmountFen)), Is.EqualTo(new[] { (CountySeed.Luxi, 1000L) }));
            Assert.That(southBeneficiaries.Group, Is.EqualTo(new Beneficiaries(1, 0, 4, 12, 1, 0)));
        });

        var before = await SnapshotAsync();
        await using (var db = _database.Context())
        {
            await AssistanceProjection.RebuildAsync(db);
        }

        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "a rebuild gives what the writers kept");
    }

    private async Task RecordAsync(params AssistanceEntry[] entries)
    {
        await using var db = _database.Context();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.AssistanceEntries.AddRange(entries);
        await AssistanceProjection.ApplyAsync(db, entries);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var db = _database.Context();
        var totals = (await db.AssistanceTotals.AsNoTracking().ToListAsync()).Select(t => $"{t.Year} {t.Dimension} {t.DimensionValue} {t.AmountFen} {t.Quantity}");
        var units = (await db.AssistanceUnitTotals.AsNoTracking().ToListAsync()).Select(t => $"{t.Year} {t.UnitId} {t.DirectFen} {t.SubtreeFen}");
        var scopes = (await db.AssistanceScopeTotals.AsNoTracking().ToListAsync()).Select(t => $"{t.Year} {t.UnitId} {t.Dimension} {t.DimensionValue} {t.AmountFen} {t.Quantity}");
        var entryUnits = (await db.AssistanceEntryUnits.AsNoTracking().ToListAsync()).Select(t => $"{t.Year} {t.UnitId} {t.EntryId}");
        return [.. totals.Concat(units).Concat(scopes).Concat(entryUnits).Order(StringComparer.Ordinal)];
    }

    private static AssistanceEntry Purchase(DateTime at, Guid unitId, Guid supplierId, string county, long amountFen)
    {
        var line = new LedgerLine(Guid.CreateVersion7(), "T" + Guid.NewGuid().ToString("N")[..12], Guid.CreateVersion7(), supplierId, ProductCategory.Fruit, 1, amountFen,
            Guid.CreateVersion7(), unitId, OrderChannel.UnitCollective, FundingSource.UnitProcurement, null);
        return AssistanceEntry.Purchase(line, CountySeed.All.Single(c => c.Code == county), at);
    }

    private static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
