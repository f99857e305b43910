using Marketplace.Core.Agreements;
using Marketplace.Core.Audit;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Tests.Messaging;
using Marketplace.Core.Tests.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Tests.Agreements;

/// <summary>Framework agreements on the embedded default: locked prices, the schedule, the cap under concurrent call-offs.</summary>
public sealed class AgreementTests
{
    private static readonly DeliveryAddress Workplace = new("刘洋", "13800000000", "重庆市江北区", "建新东路 1 号", null);

    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private static DateOnly Today => ChinaCalendar.DateOf(DateTime.UtcNow);

    private Task<Guid> UnitAsync() => _host.WithDbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var group = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Group) ?? Organization.CreateGroup("集团", "G", now);
        if (db.Entry(group).State == EntityState.Detached)
        {
            db.Organizations.Add(group);
        }

        var unit = Organization.CreateMemberUnit("长安汽车" + Guid.NewGuid().ToString("N")[..6], null, group, now);
        db.Organizations.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    });

    /// <summary>The winter-uniform agreement: ¥153,600 for 320 coats at a locked ¥480 (the catalog asks ¥520), with the schedule given.</summary>
    private async Task<(OrderingWorld World, Guid Sku, ProcurementAgreement Agreement)> WinterUniformsAsync(int stock = 1000, params (int InDays, int Quantity)[] schedule)
    {
        var world = await new OrderingWorld(_host).SeedAsync("疏附县工装服饰有限公司");
        var sku = (await world.ListingAsync(1, ("COAT-L", 52000, stock)))["COAT-L"];
        var unit = await UnitAsync();
        var agreement = await _host.WithDbAsync(db => new Marketplace.Core.Agreements.Agreements(db, TimeProvider.System).CreateAsync(
            "冬季工装采购协议", unit, world.SupplierId, 15_360_000, Today.AddDays(-1), Today.AddMonths(6),
            [new AgreementItemDraft(sku, 48000)], [.. schedule.Select(d => new AgreementDeliveryDraft(Today.AddDays(d.InDays), sku, d.Quantity))],
            Actor(world.BuyerId), CancellationToken.None));
        return (world, sku, agreement);
    }

    private static AuditActor Actor(Guid userId) => new(userId, null, null);

    /// <summary>A call-off for the agreement's own buyer, with a fresh idempotency key.</summary>
    private Task<CallOffOutcome> CallOffAsync(OrderingWorld world, Guid agreementId, Guid? deliveryId, params RequestedLine[] lines) =>
        CallOffAsAsync(world.BuyerId, null, Guid.NewGuid().ToString("N"), agreementId, deliveryId, lines);

    private Task<CallOffOutcome> CallOffAsAsync(Guid userId, Guid? unitId, string key, Guid agreementId, Guid? deliveryId, params RequestedLine[] lines) =>
        _host.WithDbAsync(async db =>
        {
            var unit = unitId ?? await db.Set<ProcurementAgreement>().Where(a => a.Id == agreementId).Select(a => a.BuyerOrganizationId).SingleAsync();
            return await new AgreementCallOffs(db, TimeProvider.System)
                .CallOffAsync(agreementId, new CallOffRequest(userId, unit, deliveryId, lines, Workplace, null, key, Actor(userId)), CancellationToken.None);
        });

    private Task<AgreementProgress> ProgressAsync(Guid agreementId) =>
        _host.WithDbAsync(db => new Marketplace.Core.Agreements.Agreements(db, TimeProvider.System).ProgressAsync(agreementId, CancellationToken.None));

    [Test]
    public async Task A_call_off_is_placed_at_the_locked_price_never_the_catalogs()
    {
        var (world, sku, agreement) = await WinterUniformsAsync();

        var order = await CallOffAsync(world, agreement.Id, null, new RequestedLine(sku, 100));
        var placed = await world.SettledAsync(order.OrderId, OrderStatus.AwaitingPayment, OrderStatus.AwaitingApproval, OrderStatus.Rejected);
        var progress = await ProgressAsync(agreement.Id);
        Assert.Multiple(() =>
        {
            Assert.That(placed.Status, Is.EqualTo(OrderStatus.AwaitingPayment));
            Assert.That(placed.Lines.Single().UnitPriceFen, Is.EqualTo(48000));
            Assert.That(placed.TotalFen, Is.EqualTo(4_800_000));
            Assert.That(placed.Channel, Is.EqualTo(OrderChannel.UnitCollective));
            Assert.That(progress, Is.EqualTo(new AgreementProgress(15_360_000, 4_800_000, 0, 0, false)));
        });
    }

    [Test]
    public async Task A_scheduled_delivery_is_confirmed_by_the_supplier_and_called_off_once()
    {
        var (world, sku, agreement) = await WinterUniformsAsync(1000, (10, 160), (40, 160));
        var first = agreement.Deliveries.OrderBy(d => d.DueOn).First();
        await _host.WithDbAsync(async db =>
        {
            await new Marketplace.Core.Agreements.Agreements(db, TimeProvider.System).ConfirmCapacityAsync(agreement.Id, first.Id, Actor(world.BuyerId), CancellationToken.None);
            return 0;
        });

        var order = await CallOffAsync(world, agreement.Id, first.Id);
        var twice = Assert.ThrowsAsync<AgreementRuleException>(() => CallOffAsync(world, agreement.Id, first.Id));
        var stored = await _host.WithDbAsync(db => db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Deliveries).SingleAsync(a => a.Id == agreement.Id));
        var placed = await world.SettledAsync(order.OrderId, OrderStatus.AwaitingPayment, OrderStatus.Rejected);
        Assert.Multiple(async () =>
        {
            Assert.That(twice!.Rule, Is.EqualTo(AgreementRule.AlreadyCalledOff));
            Assert.That(stored.Deliveries.Single(d => d.Id == first.Id).CapacityConfirmedAt, Is.Not.Null);
            Assert.That(stored.Deliveries.Single(d => d.Id == first.Id).CallOffOrderId, Is.EqualTo(order.OrderId));
            Assert.That(placed.Lines.Single().Quantity, Is.EqualTo(160));
            Assert.That(placed.TotalFen, Is.EqualTo(7_680_000));
            Assert.That((await ProgressAsync(agreement.Id)).OrderedFen, Is.EqualTo(7_680_000));
        });
    }

    [Test]
    public async Task Concurrent_call_offs_never_exceed_the_cap_and_the_agreement_warns_near_it()
    {
        var (world, sku, agreement) = await WinterUniformsAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                return (await CallOffAsync(world, agreement.Id, null, new RequestedLine(sku, 100))).OrderId;
            }
            catch (AgreementRuleException ex) when (ex.Rule == AgreementRule.ExceedsCap)
            {
                return Guid.Empty;
            }
        }));

        var progress = await ProgressAsync(agreement.Id);
        var orders = await _host.WithDbAsync(db => db.Orders.CountAsync(o => o.AgreementId == agreement.Id));
        Assert.Multiple(() =>
        {
            Assert.That(attempts.Count(id => id != Guid.Empty), Is.EqualTo(3));
            Assert.That(orders, Is.EqualTo(3));
            Assert.That(progress.OrderedFen, Is.EqualTo(14_400_000));
            Assert.That(progress.NearsCap, Is.True);
        });
    }

    [Test]
    public async Task A_rejected_call_off_gives_its_value_back_to_the_cap()
    {
        var (world, sku, agreement) = await WinterUniformsAsync(stock: 50);

        var order = await CallOffAsync(world, agreement.Id, null, new RequestedLine(sku, 100));
        var rejected = await world.SettledAsync(order.OrderId, OrderStatus.Rejected, OrderStatus.AwaitingPayment);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var progress = await ProgressAsync(agreement.Id);
        while (progress.OrderedFen != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            progress = await ProgressAsync(agreement.Id);
        }

        Assert.That(rejected.Status, Is.EqualTo(OrderStatus.Rejected));
        Assert.That(progress.OrderedFen, Is.Zero);
    }

    [Test]
    public async Task An_agreement_whose_schedule_passes_its_cap_or_with_another_suppliers_sku_is_refused()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var sku = (await world.ListingAsync(1, ("COAT-L", 52000, 10)))["COAT-L"];
        var other = await new OrderingWorld(_host).SeedAsync("阿克苏果业");
        var foreign = (await other.ListingAsync(1, ("APPLE", 5000, 10)))["APPLE"];
        var unit = await UnitAsync();
        Task Create(IReadOnlyList<AgreementItemDraft> items, IReadOnlyList<AgreementDeliveryDraft> deliveries) => _host.WithDbAsync(db =>
            new Marketplace.Core.Agreements.Agreements(db, TimeProvider.System).CreateAsync(
                "冬季工装采购协议", unit, world.SupplierId, 1_000_000, Today, Today.AddMonths(1), items, deliveries, Actor(world.BuyerId), CancellationToken.None));

        var overCap = Assert.ThrowsAsync<AgreementRuleException>(() => Create([new(sku, 48000)], [new(Today.AddDays(3), sku, 30)]));
        var notTheirs = Assert.ThrowsAsync<AgreementRuleException>(() => Create([new(sku, 48000), new(foreign, 4000)], []));
        var late = Assert.ThrowsAsync<AgreementRuleException>(() => Create([new(sku, 48000)], [new(Today.AddMonths(2), sku, 1)]));
        Assert.Multiple(async () =>
        {
            Assert.That(overCap!.Rule, Is.EqualTo(AgreementRule.ExceedsCap));
            Assert.That(notTheirs!.Rule, Is.EqualTo(AgreementRule.NotAnAgreedSku));
            Assert.That(late!.Rule, Is.EqualTo(AgreementRule.OutOfRange));
            Assert.That(await _host.WithDbAsync(db => db.Set<ProcurementAgreement>().CountAsync(a => a.BuyerOrganizationId == unit)), Is.Zero);
        });
    }

    [Test]
    public async Task The_same_key_makes_one_call_off_and_another_request_with_it_is_refused()
    {
        var (world, sku, agreement) = await WinterUniformsAsync();

        var first = await CallOffAsAsync(world.BuyerId, null, "winter-1", agreement.Id, null, new RequestedLine(sku, 100));
        var again = await CallOffAsAsync(world.BuyerId, null, "winter-1", agreement.Id, null, new RequestedLine(sku, 100));
        var other = Assert.ThrowsAsync<AgreementRuleException>(() => CallOffAsAsync(world.BuyerId, null, "winter-1", agreement.Id, null, new RequestedLine(sku, 120)));
        Assert.Multiple(async () =>
        {
            Assert.That(again.OrderId, Is.EqualTo(first.OrderId));
            Assert.That(again.Repeated, Is.True);
            Assert.That(other!.Rule, Is.EqualTo(AgreementRule.KeyReused));
            Assert.That(await _host.WithDbAsync(db => db.Orders.CountAsync(o => o.AgreementId == agreement.Id)), Is.EqualTo(1));
            Assert.That((await ProgressAsync(agreement.Id)).OrderedFen, Is.EqualTo(4_800_000));
        });
    }

    [Test]
    public async Task A_member_unit_calls_off_the_groups_agreement_for_itself_and_a_supplier_cannot()
    {
        var world = await new OrderingWorld(_host).SeedAsync("疏附县工装服饰有限公司");
        var sku = (await world.ListingAsync(1, ("COAT-M", 52000, 1000)))["COAT-M"];
        var unit = await UnitAsync();
        var group = await _host.WithDbAsync(db => db.Organizations.Where(o => o.Kind == OrganizationKind.Group).Select(o => o.Id).FirstAsync());
        var agreement = await _host.WithDbAsync(db => new Marketplace.Core.Agreements.Agreements(db, TimeProvider.System).CreateAsync(
            "集团冬季工装采购协议", group, world.SupplierId, 15_360_000, Today.AddDays(-1), Today.AddMonths(6), [new AgreementItemDraft(sku, 48000)], [],
            Actor(world.BuyerId), CancellationToken.None));

        var called = await CallOffAsAsync(world.BuyerId, unit, "group-1", agreement.Id, null, new RequestedLine(sku, 10));
        var notAUnit = Assert.ThrowsAsync<AgreementRuleException>(() => CallOffAsAsync(world.BuyerId, world.SupplierId, "group-2", agreement.Id, null, new RequestedLine(sku, 10)));
        var placed = await world.SettledAsync(called.OrderId, OrderStatus.AwaitingPayment, OrderStatus.Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(placed.BuyerUnitId, Is.EqualTo(unit));
            Assert.That(placed.TotalFen, Is.EqualTo(480_000));
            Assert.That(notAUnit!.Rule, Is.EqualTo(AgreementRule.NotTheBuyer));
        });
    }

    [Test]
    public async Task Agreeing_confirming_capacity_and_calling_off_are_in_the_audit_log()
    {
        var (world, sku, agreement) = await WinterUniformsAsync(1000, (10, 160));
        var delivery = agreement.Deliveries.Single();
        await _host.WithDbAsync(async db =>
        {
            var agreements = new Marketplace.Core.Agreements.Agreements(db, TimeProvider.System);
            await agreements.ConfirmCapacityAsync(agreement.Id, delivery.Id, Actor(world.BuyerId), CancellationToken.None);
            await agreements.ConfirmCapacityAsync(agreement.Id, delivery.Id, Actor(world.BuyerId), CancellationToken.None);
            return 0;
        });
        var order = await CallOffAsync(world, agreement.Id, delivery.Id);

        var actions = await _host.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.SubjectType == AuditSubjects.Agreement && e.SubjectId == agreement.Id.ToString()).OrderBy(e => e.At).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(actions.Select(e => e.Action), Is.EqualTo(new[]
            {
                AuditActions.AgreementCreated, AuditActions.AgreementCapacityConfirmed, AuditActions.AgreementCalledOff,
            }));
            Assert.That(actions.All(e => e.ActorUserId == world.BuyerId), Is.True);
            Assert.That(actions[^1].Details, Does.Contain(order.OrderId.ToString()));
        });
    }
}
