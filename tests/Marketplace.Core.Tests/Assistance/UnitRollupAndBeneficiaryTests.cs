using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Core.Tests.Assistance.StatisticsWorld;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>Unit roll-up through a tree that changes, and beneficiaries counted once per supplier, on the embedded default.</summary>
public sealed class UnitRollupAndBeneficiaryTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;
    private StatisticsWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
        _world = new StatisticsWorld(_host);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task A_unit_moved_mid_year_leaves_its_earlier_purchases_with_its_old_parent()
    {
        // 2035: 北方 and 南方 under the group; 车间 under 北方 until 15 June, then under 南方; 仓库 stays under 北方.
        var (group, north, south, workshop, store) = await _host.WithDbAsync(async db =>
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var groupId = (await scope.ServiceProvider.GetRequiredService<OrganizationTree>().EnsureGroupAsync()).Id;
            var g = await db.Organizations.SingleAsync(o => o.Id == groupId);
            var created = Utc("2035-01-01T00:00:00Z");
            var n = Organization.CreateMemberUnit("北方公司", null, g, created);
            var s = Organization.CreateMemberUnit("南方公司", null, g, created);
            var w = Organization.CreateMemberUnit("车间", null, n, created);
            var st = Organization.CreateMemberUnit("仓库", null, n, created);
            db.Organizations.AddRange(n, s, w, st);
            await db.SaveChangesAsync();
            w.MoveTo(s, [s.Id, g.Id], Utc("2035-06-15T00:00:00Z"));
            await db.SaveChangesAsync();
            return (g.Id, n.Id, s.Id, w.Id, st.Id);
        });

        var supplier = Guid.CreateVersion7();
        await _world.RecordAsync(
            Purchase(Utc("2035-03-01T02:00:00Z"), workshop, supplier, CountySeed.Yanshan, 1000),
            Purchase(Utc("2035-09-01T02:00:00Z"), workshop, supplier, CountySeed.Yanshan, 2000),
            Purchase(Utc("2035-04-01T02:00:00Z"), store, supplier, CountySeed.Luxi, 500));
        // Bought before the move and given back after it: the refund is charged where the unit stands when it happens.
        var returned = Purchase(Utc("2035-05-01T02:00:00Z"), workshop, supplier, CountySeed.Luxi, 300);
        await _world.RecordAsync(returned);
        await _world.RecordAsync(AssistanceEntry.Reversal(EntryKind.Refund, Guid.CreateVersion7(), returned, 300, 1, Utc("2035-07-01T02:00:00Z")));

        var subtree = (await _world.Queries.SubtreeAsync(2035, north)).ToDictionary(u => u.UnitId);
        var board = await _world.Queries.LeaderboardAsync(2035, group);
        var groupRow = await _world.Queries.UnitAsync(2035, group);
        var workshopRow = await _world.Queries.UnitAsync(2035, workshop);
        Assert.Multiple(() =>
        {
            Assert.That(subtree[north].SubtreeFen, Is.EqualTo(1000 + 300 + 500), "the workshop's purchases while it was below 北方");
            Assert.That(subtree[north].DirectFen, Is.Zero);
            Assert.That(subtree.Keys, Is.EquivalentTo(new[] { north, store }), "today's tree: the workshop has left");
            Assert.That(subtree[store].SubtreeFen, Is.EqualTo(500));
            Assert.That(workshopRow!.DirectFen, Is.EqualTo(1000 + 2000 + 300 - 300));
            Assert.That(workshopRow.ParentId, Is.EqualTo(south));
            Assert.That(groupRow!.SubtreeFen, Is.EqualTo(3500), "the group counts every purchase once");
            Assert.That(board.Select(b => (b.Rank, b.UnitId, b.SubtreeFen)), Is.EqualTo(new[] { (1, north, 1800L), (2, south, 1700L) }));
        });
    }

    [Test]
    public async Task Beneficiaries_count_each_selling_supplier_once_by_its_linkage_in_force()
    {
        var (a, b, c, d) = await _host.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var suppliers = Enumerable.Range(0, 4).Select(i => Organization.CreateSupplier($"合作社{i}-{Guid.NewGuid():N}"[..20], null, now)).ToList();
            db.Organizations.AddRange(suppliers);
            var declaredBy = Guid.CreateVersion7();
            db.BenefitLinkages.AddRange(
                BenefitLinkage.Declare(suppliers[0].Id, BenefitMechanism.CooperativeAndHouseholds, null, 10, 30, 5, 2, new DateOnly(2036, 1, 1), declaredBy, now),
                BenefitLinkage.Declare(suppliers[1].Id, BenefitMechanism.Wages, null, 99, 99, 0, 0, new DateOnly(2035, 1, 1), declaredBy, now),
                BenefitLinkage.Declare(suppliers[1].Id, BenefitMechanism.Wages, null, 4, 12, 1, 0, new DateOnly(2036, 3, 1), declaredBy, now),
                BenefitLinkage.Declare(suppliers[1].Id, BenefitMechanism.Wages, null, 50, 50, 0, 0, new DateOnly(2037, 1, 1), declaredBy, now),
                BenefitLinkage.Declare(suppliers[2].Id, BenefitMechanism.Dividends, null, 7, 7, 7, 7, new DateOnly(2036, 1, 1), declaredBy, now));
            await db.SaveChangesAsync();
            return (suppliers[0].Id, suppliers[1].Id, suppliers[2].Id, suppliers[3].Id);
        });

        var refunded = Purchase(Utc("2036-02-01T02:00:00Z"), null, c, CountySeed.Yanshan, 800);
        await _world.RecordAsync(
            Purchase(Utc("2036-02-01T02:00:00Z"), null, a, CountySeed.Yanshan, 100),
            Purchase(Utc("2036-05-01T02:00:00Z"), null, a, CountySeed.Yanshan, 200),
            Purchase(Utc("2036-08-01T02:00:00Z"), null, a, CountySeed.Yanshan, 300),
            Purchase(Utc("2036-02-01T02:00:00Z"), null, b, CountySeed.Luxi, 400),
            Purchase(Utc("2036-02-01T02:00:00Z"), null, d, CountySeed.Luxi, 500),
            refunded);
        await _world.RecordAsync(AssistanceEntry.Reversal(EntryKind.Refund, Guid.CreateVersion7(), refunded, 800, 1, Utc("2036-03-01T02:00:00Z")));

        var report = await _world.Queries.BeneficiariesAsync(2036);
        var counties = report.Counties.ToDictionary(c => c.CountyCode, c => c.Beneficiaries);
        Assert.Multiple(() =>
        {
            Assert.That(counties[CountySeed.Yanshan], Is.EqualTo(new Beneficiaries(1, 0, 10, 30, 5, 2)), "three orders, one supplier; the refunded supplier sold nothing net");
            Assert.That(counties[CountySeed.Luxi], Is.EqualTo(new Beneficiaries(2, 1, 4, 12, 1, 0)), "the 2036 declaration, not the older or the later one");
            Assert.That(report.Group, Is.EqualTo(new Beneficiaries(3, 1, 14, 42, 6, 2)));
        });
    }
}
