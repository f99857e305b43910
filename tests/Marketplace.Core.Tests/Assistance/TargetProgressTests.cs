using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Core.Tests.Assistance.StatisticsWorld;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>Unit targets (DOMAIN.md rule 7): the rule decides what counts, progress is read from the read model and rolls up the tree.</summary>
public sealed class TargetProgressTests
{
    private const int Year = 2036;

    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;
    private StatisticsWorld _world = null!;
    private Guid _north;
    private Guid _workshop;
    private Guid _supplier;

    private TargetQueries Targets => _host.Services.GetRequiredService<TargetQueries>();

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
        _world = new StatisticsWorld(_host);
        (_north, _workshop) = await _host.WithDbAsync(async db =>
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var groupId = (await scope.ServiceProvider.GetRequiredService<OrganizationTree>().EnsureGroupAsync()).Id;
            var group = await db.Organizations.SingleAsync(o => o.Id == groupId);
            var created = Utc("2036-01-01T00:00:00Z");
            var north = Organization.CreateMemberUnit("北区公司", null, group, created);
            var workshop = Organization.CreateMemberUnit("北区车间", null, north, created);
            db.Organizations.AddRange(north, workshop);
            await db.SaveChangesAsync();
            return (north.Id, workshop.Id);
        });
        _supplier = Guid.CreateVersion7();

        // The workshop's collective purchase (直接采购) and an employee's own purchase at the north company (帮助销售).
        var collective = Purchase(Utc("2036-03-01T02:00:00Z"), _workshop, _supplier, CountySeed.Yanshan, 100_000);
        await _world.RecordAsync(collective, Personal(Utc("2036-04-01T02:00:00Z"), _north, 30_000));
        // Part of the collective purchase refunded: progress goes down with it.
        await _world.RecordAsync(AssistanceEntry.Reversal(EntryKind.Refund, Guid.CreateVersion7(), collective, 40_000, 0, Utc("2036-05-01T02:00:00Z")));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Progress_counts_only_what_the_rule_counts_and_rolls_up_from_sub_units()
    {
        await SetAsync(_north, new TargetRule(TargetBasis.FixedAmount, 500_000, null, null, [.. Enum.GetValues<LedgerChannel>()], [AssistanceMeasure.DirectPurchase]));
        var directOnly = await Targets.UnitAsync(Year, _north);

        await SetAsync(_north, new TargetRule(TargetBasis.FixedAmount, 500_000, null, null, [.. Enum.GetValues<LedgerChannel>()], [.. Enum.GetValues<AssistanceMeasure>()]));
        var both = await Targets.UnitAsync(Year, _north);

        await SetAsync(_north, new TargetRule(TargetBasis.FixedAmount, 500_000, null, null, [LedgerChannel.EmployeePersonal], [.. Enum.GetValues<AssistanceMeasure>()]));
        var personalOnly = await Targets.UnitAsync(Year, _north);

        Assert.Multiple(() =>
        {
            Assert.That(directOnly!.CountedFen, Is.EqualTo(60_000), "the workshop's net collective purchase rolls up to its parent");
            Assert.That(directOnly.SubtreeFen, Is.EqualTo(90_000));
            Assert.That(directOnly.LeftFen, Is.EqualTo(440_000));
            Assert.That(directOnly.AchievedShare, Is.EqualTo(0.12m));
            Assert.That(both!.CountedFen, Is.EqualTo(90_000));
            Assert.That(personalOnly!.CountedFen, Is.EqualTo(30_000));
            Assert.That(personalOnly.Target!.Revision, Is.EqualTo(3), "one row per unit and year, changed in place");
            Assert.That(personalOnly.YearElapsedShare, Is.EqualTo(0m), "2036 has not begun");
        });
    }

    [Test]
    public async Task A_share_of_a_base_is_rounded_up_and_a_unit_without_target_shows_its_total()
    {
        await SetAsync(_workshop, new TargetRule(TargetBasis.ShareOfBase, null, 1_234_567, 1_000, [LedgerChannel.UnitCollective], [AssistanceMeasure.DirectPurchase]));
        var all = (await Targets.AllAsync(Year)).ToList();
        var workshop = all.Single(u => u.UnitId == _workshop);

        Assert.Multiple(() =>
        {
            Assert.That(workshop.Target!.TargetFen, Is.EqualTo(123_457), "10% of ¥12,345.67, rounded up to the fen");
            Assert.That(workshop.CountedFen, Is.EqualTo(60_000));
            Assert.That(workshop.Depth, Is.GreaterThan(all.Single(u => u.UnitId == _north).Depth));
            Assert.That(all.IndexOf(workshop), Is.GreaterThan(all.IndexOf(all.Single(u => u.UnitId == _north))), "parents before children");
        });
    }

    [Test]
    public async Task Rebuilding_the_read_model_gives_the_same_progress()
    {
        await SetAsync(_north, new TargetRule(TargetBasis.FixedAmount, 200_000, null, null, [.. Enum.GetValues<LedgerChannel>()], [.. Enum.GetValues<AssistanceMeasure>()]));
        var before = (await Targets.AllAsync(Year)).Select(u => (u.UnitId, u.CountedFen, u.SubtreeFen)).ToList();

        await _host.WithDbAsync(db => AssistanceProjection.RebuildAsync(db));
        var after = (await Targets.AllAsync(Year)).Select(u => (u.UnitId, u.CountedFen, u.SubtreeFen)).ToList();

        Assert.That(after, Is.EqualTo(before));
        Assert.That(before.Single(u => u.UnitId == _north).CountedFen, Is.EqualTo(90_000));
    }

    [Test]
    public async Task Reconciliation_catches_a_tampered_channel_total()
    {
        await _host.ExecuteAsync($"UPDATE assistance_unit_channel_totals SET subtree_fen = subtree_fen + 5 WHERE year = {Year} AND unit_id = '{_north.ToString().ToUpperInvariant()}' AND channel = 'EmployeePersonal'");
        try
        {
            var report = await ReconcileAsync();
            Assert.That(report.ReadModel.Select(m => (m.Dimension, m.Value, m.LedgerFen, m.ReadModelFen)),
                Is.EqualTo(new[] { ("UnitChannel", $"{_north:D}/EmployeePersonal/HelpSell", 30_000L, 30_005L) }));
        }
        finally
        {
            await _host.ExecuteAsync($"UPDATE assistance_unit_channel_totals SET subtree_fen = subtree_fen - 5 WHERE year = {Year} AND unit_id = '{_north.ToString().ToUpperInvariant()}' AND channel = 'EmployeePersonal'");
        }

        Assert.That((await ReconcileAsync()).ReadModel, Is.Empty);
    }

    [TestCase("2024-12-31", 2024, 1.0)]
    [TestCase("2025-01-01", 2025, 0.0027)]
    [TestCase("2025-07-02", 2025, 0.5014)]
    [TestCase("2025-07-02", 2026, 0.0)]
    [TestCase("2026-01-01", 2025, 1.0)]
    public void The_year_elapsed_is_the_share_of_China_time_days_gone(string today, int year, decimal expected) =>
        Assert.That(TargetQueries.ElapsedShare(year, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(expected));

    [Test]
    public void A_rule_that_cannot_be_met_or_counts_nothing_is_refused()
    {
        var channels = new[] { LedgerChannel.UnitCollective };
        var measures = new[] { AssistanceMeasure.DirectPurchase };
        Assert.Multiple(() =>
        {
            Assert.That(new TargetRule(TargetBasis.FixedAmount, 0, null, null, channels, measures).Problem(), Is.Not.Null);
            Assert.That(new TargetRule(TargetBasis.ShareOfBase, null, 100, 10_001, channels, measures).Problem(), Is.Not.Null);
            Assert.That(new TargetRule(TargetBasis.ShareOfBase, null, null, 1_000, channels, measures).Problem(), Is.Not.Null);
            Assert.That(new TargetRule(TargetBasis.FixedAmount, 100, null, null, [], measures).Problem(), Is.Not.Null);
            Assert.That(new TargetRule(TargetBasis.FixedAmount, 100, null, null, channels, []).Problem(), Is.Not.Null);
            Assert.That(new TargetRule(TargetBasis.FixedAmount, 100, null, null, channels, measures).Problem(), Is.Null);
            Assert.Throws<ArgumentException>(() => UnitTarget.Create(Guid.CreateVersion7(), Year, new TargetRule(TargetBasis.FixedAmount, -1, null, null, channels, measures), Guid.CreateVersion7(), DateTime.UtcNow));
        });
    }

    private async Task<ReconciliationReport> ReconcileAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AssistanceReconciliation>().CheckAsync(Year);
    }

    private Task SetAsync(Guid unitId, TargetRule rule) => _host.WithDbAsync(async db =>
    {
        var target = await db.UnitTargets.SingleOrDefaultAsync(t => t.UnitId == unitId && t.Year == Year);
        if (target is null)
        {
            db.UnitTargets.Add(UnitTarget.Create(unitId, Year, rule, Guid.CreateVersion7(), DateTime.UtcNow));
        }
        else
        {
            target.Change(rule, Guid.CreateVersion7(), DateTime.UtcNow);
        }

        return await db.SaveChangesAsync();
    });

    private AssistanceEntry Personal(DateTime at, Guid unitId, long amountFen)
    {
        var line = new LedgerLine(Guid.CreateVersion7(), "P" + Guid.NewGuid().ToString("N")[..12], Guid.CreateVersion7(), _supplier, ProductCategory.Fruit, 1, amountFen,
            Guid.CreateVersion7(), unitId, OrderChannel.EmployeePersonal, FundingSource.Personal, null);
        return AssistanceEntry.Purchase(line, CountySeed.All.Single(c => c.Code == CountySeed.Luxi), at);
    }
}
