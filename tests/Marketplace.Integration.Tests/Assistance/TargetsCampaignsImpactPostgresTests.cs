using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Campaigns;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Assistance;

/// <summary>Target progress, impact and campaign results on PostgreSQL, with the SQL that also runs on SQLite.</summary>
public sealed class TargetsCampaignsImpactPostgresTests
{
    private const int Year = 2037;

    private PostgresDatabase _database = null!;
    private ReadConnections _connections = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.Context())
        {
            await db.Database.MigrateAsync();
        }

        _connections = new ReadConnections(DatabaseProvider.PostgreSql, _database.ConnectionString);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        await _connections.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Progress_impact_and_campaign_results_read_the_same_figures_as_on_sqlite()
    {
        var now = Utc("2037-01-01T00:00:00Z");
        var buyer = Guid.CreateVersion7();
        Guid north, workshop, supplier;
        await using (var db = _database.Context())
        {
            var g = Organization.CreateGroup("中国兵器装备集团", "CSGC", now);
            var n = Organization.CreateMemberUnit("北方公司", null, g, now);
            var w = Organization.CreateMemberUnit("车间", null, n, now);
            var s = Organization.CreateSupplier("砚山县合作社", null, now);
            db.Organizations.AddRange(g, n, w, s);
            db.BenefitLinkages.Add(BenefitLinkage.Declare(s.Id, BenefitMechanism.CooperativeAndHouseholds, null, 10, 30, 5, 2, new DateOnly(2037, 1, 1), Guid.CreateVersion7(), now));
            db.Campaigns.Add(Campaign.Create("TV-Spring", "春节特别节目", CampaignKind.TvProgramme, new DateOnly(2037, 1, 1), new DateOnly(2037, 2, 28), 7, null, Guid.CreateVersion7(), now));
            await db.SaveChangesAsync();
            (north, workshop, supplier) = (n.Id, w.Id, s.Id);
            db.UnitTargets.Add(UnitTarget.Create(north, Year, new TargetRule(TargetBasis.FixedAmount, 5_000, null, null, [.. Enum.GetValues<LedgerChannel>()], [AssistanceMeasure.DirectPurchase]), Guid.CreateVersion7(), now));
            await db.SaveChangesAsync();
        }

        await RecordAsync(
            Entry(Utc("2037-02-01T02:00:00Z"), workshop, supplier, OrderChannel.UnitCollective, FundingSource.UnitProcurement, 1_000, null, Guid.CreateVersion7()),
            Entry(Utc("2037-02-02T02:00:00Z"), north, supplier, OrderChannel.EmployeePersonal, FundingSource.Personal, 300, "TV-Spring", buyer));

        var targets = new TargetQueries(_connections, TimeProvider.System);
        var impacts = new ImpactQueries(_connections);
        var progress = await targets.UnitAsync(Year, north);
        var all = await targets.AllAsync(Year);
        var unit = await impacts.UnitAsync(Year, north);
        var mine = await impacts.BuyerAsync(Year, buyer);
        var campaign = (await new CampaignQueries(_connections).ListAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That((progress!.CountedFen, progress.SubtreeFen, progress.LeftFen, progress.AchievedShare), Is.EqualTo((1_000L, 1_300L, 4_000L, (decimal?)0.2m)));
            Assert.That(all.Select(u => (u.UnitId, u.Depth)), Is.EqualTo(new[] { (north, 1), (workshop, 2) }));
            Assert.That((unit.AmountFen, unit.Orders, unit.Households, unit.People), Is.EqualTo((1_300L, 2, 10L, 30L)));
            Assert.That(unit.Counties.Select(c => (c.CountyCode, c.AmountFen, c.Households)), Is.EqualTo(new[] { (CountySeed.Yanshan, 1_300L, 10L) }));
            Assert.That((mine.AmountFen, mine.Orders, mine.Households), Is.EqualTo((300L, 1, 10L)));
            Assert.That((campaign.Code, campaign.Orders, campaign.HelpSellFen), Is.EqualTo(("TV-Spring", 1, 300L)));
            Assert.That(campaign.Counties.Select(c => (c.CountyCode, c.HelpSellFen)), Is.EqualTo(new[] { (CountySeed.Yanshan, 300L) }));
        });
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

    private static AssistanceEntry Entry(DateTime at, Guid unitId, Guid supplierId, OrderChannel channel, FundingSource funding, long amountFen, string? campaign, Guid buyer)
    {
        var line = new LedgerLine(Guid.CreateVersion7(), "T" + Guid.NewGuid().ToString("N")[..12], Guid.CreateVersion7(), supplierId, ProductCategory.Meat, 1, amountFen,
            buyer, unitId, channel, funding, campaign);
        return AssistanceEntry.Purchase(line, CountySeed.All.Single(c => c.Code == CountySeed.Yanshan), at);
    }

    private static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
