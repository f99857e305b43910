using Marketplace.Contracts.Ordering;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Core.Tests.Assistance.StatisticsWorld;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>
/// A year of orders told by the group's 2021 report, put through the real ledger consumers as order events: the
/// workshop (车间) sits under 北方 until 15 June 2021 and under 南方 after; three suppliers whose linkages add up to
/// the report's beneficiaries; one order at each edge of the China-time year; one order refunded in full.
/// </summary>
internal sealed class ReportLedger
{
    public const string Hotan = "653221";

    public Guid Group { get; private set; }
    public Guid North { get; private set; }
    public Guid South { get; private set; }
    public Guid Workshop { get; private set; }
    public Guid Cattle { get; private set; }
    public Guid Pears { get; private set; }
    public Guid Dates { get; private set; }
    public DateTime Moved { get; } = Utc("2021-06-15T00:00:00Z");
    public List<OrderPaid> Orders { get; } = [];

    public static async Task<ReportLedger> SeedAsync(EmbeddedHost host)
    {
        var ledger = new ReportLedger();
        await host.WithDbAsync(async db =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var groupId = (await scope.ServiceProvider.GetRequiredService<OrganizationTree>().EnsureGroupAsync()).Id;
            var group = await db.Organizations.SingleAsync(o => o.Id == groupId);
            var created = Utc("2020-01-01T00:00:00Z");
            var north = Organization.CreateMemberUnit("北方公司", null, group, created);
            var south = Organization.CreateMemberUnit("南方公司", null, group, created);
            var workshop = Organization.CreateMemberUnit("车间", null, north, created);
            var suppliers = new[] { "砚山牛业合作社", "泸西梨业合作社", "和田红枣合作社" }.Select(n => Organization.CreateSupplier(n, null, created)).ToList();
            db.Organizations.AddRange([north, south, workshop, .. suppliers]);
            var by = Guid.CreateVersion7();
            db.BenefitLinkages.AddRange(
                BenefitLinkage.Declare(suppliers[0].Id, BenefitMechanism.CooperativeAndHouseholds, null, 3000, 14000, 200, 100, new DateOnly(2020, 1, 1), by, created),
                BenefitLinkage.Declare(suppliers[1].Id, BenefitMechanism.Wages, null, 2000, 8000, 90, 80, new DateOnly(2020, 1, 1), by, created),
                BenefitLinkage.Declare(suppliers[2].Id, BenefitMechanism.Dividends, null, 444, 2454, 7, 8, new DateOnly(2020, 1, 1), by, created));
            await db.SaveChangesAsync();
            workshop.MoveTo(south, [south.Id, group.Id], ledger.Moved);
            await db.SaveChangesAsync();
            (ledger.Group, ledger.North, ledger.South, ledger.Workshop) = (group.Id, north.Id, south.Id, workshop.Id);
            (ledger.Cattle, ledger.Pears, ledger.Dates) = (suppliers[0].Id, suppliers[1].Id, suppliers[2].Id);
            return 0;
        });

        // 00:30 on 1 January 2021 in China: 2021, bought while the workshop was under 北方.
        ledger.Add(Utc("2020-12-31T16:30:00Z"), ledger.Workshop, OrderChannel.UnitCollective, FundingSource.UnitProcurement, null,
            (ledger.Cattle, CountySeed.Yanshan, ProductCategory.Meat, 4000, 400_000_000));
        ledger.Add(Utc("2021-07-01T02:00:00Z"), ledger.Workshop, OrderChannel.EmployeePersonal, FundingSource.WelfareAllowance, null,
            (ledger.Pears, CountySeed.Luxi, ProductCategory.Fruit, 3470, 347_000_000));
        ledger.Add(Utc("2021-05-01T02:00:00Z"), ledger.North, OrderChannel.EmployeePersonal, FundingSource.Personal, "TV2021",
            (ledger.Cattle, CountySeed.Yanshan, ProductCategory.Meat, 10000, 1_000_000_000));
        ledger.Add(Utc("2021-09-09T02:00:00Z"), null, OrderChannel.Public, FundingSource.Personal, "TV2021",
            (ledger.Dates, Hotan, ProductCategory.DriedFruitAndNuts, 634, 63_440_000));
        ledger.Add(Utc("2021-04-04T02:00:00Z"), ledger.South, OrderChannel.UnitCollective, FundingSource.UnitProcurement, null,
            (ledger.Dates, Hotan, ProductCategory.DriedFruitAndNuts, 8736, 87_360_000),
            (ledger.Dates, Hotan, ProductCategory.Uniforms, 107, 8_560_000));
        // 00:30 on 1 January 2022 in China: not 2021.
        ledger.Add(Utc("2021-12-31T16:30:00Z"), ledger.North, OrderChannel.UnitCollective, FundingSource.UnitProcurement, null,
            (ledger.Cattle, CountySeed.Yanshan, ProductCategory.Meat, 50, 5_000_000));
        // Paid and refunded in full: nothing net.
        ledger.Add(Utc("2021-10-10T02:00:00Z"), ledger.North, OrderChannel.UnitCollective, FundingSource.UnionFund, null,
            (ledger.Pears, CountySeed.Luxi, ProductCategory.Fruit, 10, 1_000_000));

        foreach (var order in ledger.Orders)
        {
            await host.WriteToOutboxAsync(order);
        }

        var world = new StatisticsWorld(host);
        foreach (var order in ledger.Orders)
        {
            Assert.That(await world.EventuallyAsync(order.OrderId, order.Lines.Count), Has.Count.EqualTo(order.Lines.Count));
        }

        var refunded = ledger.Orders[^1];
        var line = refunded.Lines.Single();
        await host.WriteToOutboxAsync(new OrderRefunded(refunded.OrderId, Guid.CreateVersion7(), [new RefundedLine(line.LineId, line.Quantity, line.AmountFen)], line.AmountFen, Utc("2021-10-20T02:00:00Z")));
        Assert.That(await world.EventuallyAsync(refunded.OrderId, 2), Has.Count.EqualTo(2));
        return ledger;
    }

    /// <summary>The units whose scope an entry of <paramref name="unitId"/> at <paramref name="at"/> counts in, worked out here from the story.</summary>
    public IReadOnlyList<Guid> ScopesOf(Guid? unitId, DateTime at)
    {
        if (unitId is not { } unit)
        {
            return [];
        }

        if (unit == Workshop)
        {
            return [Workshop, at < Moved ? North : South, Group];
        }

        return unit == Group ? [Group] : [unit, Group];
    }

    private void Add(DateTime paidAt, Guid? unitId, OrderChannel channel, FundingSource funding, string? campaign,
        params (Guid SupplierId, string County, ProductCategory Category, int Quantity, long AmountFen)[] lines)
    {
        var orderId = Guid.CreateVersion7();
        Orders.Add(new OrderPaid(
            orderId, "R" + orderId.ToString("N")[..15], Guid.CreateVersion7(), unitId, channel.ToString(), funding.ToString(), campaign,
            lines.Sum(l => l.AmountFen), paidAt,
            [.. lines.Select(l => new PaidLine(
                Guid.CreateVersion7(), Guid.CreateVersion7(), l.SupplierId, Guid.CreateVersion7(), Guid.CreateVersion7(), l.County,
                l.Category.ToString(), l.Quantity, l.AmountFen / l.Quantity, l.AmountFen))]));
    }
}
