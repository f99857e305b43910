using Marketplace.Contracts.Ordering;
using Marketplace.Core.Accounts;
using Marketplace.Core.Approvals;
using Marketplace.Core.Audit;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Tests.Messaging;
using Marketplace.Core.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Tests.Approvals;

/// <summary>Approval of unit orders on the embedded default: the order service holds them, approvers decide, stock follows.</summary>
public sealed class ApprovalServiceTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?>
        {
            ["Ordering:ApprovalWindow"] = "00:00:03",
            ["Ordering:SweepInterval"] = "01:00:00",
        });
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private sealed record Unit(Guid Id, Guid Purchaser, Guid Approver, Guid Finance, Guid SecondApprover);

    /// <summary>A unit with a purchaser, two approvers and finance, and rules: ≥ ¥100 approver, ≥ ¥1,000 finance.</summary>
    private async Task<Unit> UnitAsync(params (long ThresholdFen, OrganizationRole Role)[] levels)
    {
        var unit = await _host.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var group = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Group) ?? Organization.CreateGroup("集团", "G", now);
            if (db.Entry(group).State == EntityState.Detached)
            {
                db.Organizations.Add(group);
            }

            var organization = Organization.CreateMemberUnit("长安汽车" + Guid.NewGuid().ToString("N")[..6], null, group, now);
            db.Organizations.Add(organization);
            Guid Person(string name, params OrganizationRole[] roles)
            {
                var user = new MarketplaceUser { UserName = $"{Guid.NewGuid():N}@t.demo", Email = $"{Guid.NewGuid():N}@t.demo", DisplayName = name, CreatedAt = now };
                user.NormalizedEmail = user.Email.ToUpperInvariant();
                user.NormalizedUserName = user.UserName.ToUpperInvariant();
                db.Users.Add(user);
                db.Memberships.Add(Membership.Create(user.Id, organization, roles, now));
                return user.Id;
            }

            var result = new Unit(
                organization.Id,
                Person("刘洋", OrganizationRole.UnitPurchaser, OrganizationRole.UnitApprover),
                Person("王芳", OrganizationRole.UnitApprover),
                Person("赵静", OrganizationRole.UnitFinance),
                Person("李娜", OrganizationRole.UnitApprover));
            await db.SaveChangesAsync();
            return result;
        });
        var rules = levels.Length > 0 ? levels : [(10_000, OrganizationRole.UnitApprover), (100_000, OrganizationRole.UnitFinance)];
        await _host.WithDbAsync(db => new UnitApprovalRules(db, TimeProvider.System)
            .SetAsync(unit.Id, [.. rules.Select(r => new ApprovalLevelDraft(r.ThresholdFen, r.Role))], new AuditActor(null, null, null), CancellationToken.None));
        return unit;
    }

    private Task<ApprovalOutcome> Decide(Func<OrderApprovals, Task<ApprovalOutcome>> decide) => _host.WithDbAsync(db =>
        decide(new OrderApprovals(db, TimeProvider.System, _host.Services.GetRequiredService<IOptions<OrderingOptions>>())));

    private static Approver As(Unit unit, Guid userId, params OrganizationRole[] roles) => new(userId, unit.Id, roles, new AuditActor(userId, unit.Id, "127.0.0.1"));

    private Task<OrderApproval> ApprovalAsync(Guid orderId) =>
        _host.WithDbAsync(db => db.Set<OrderApproval>().AsNoTracking().Include(a => a.Steps).Include(a => a.Decisions).SingleAsync(a => a.OrderId == orderId));

    private Task<int> AuditCountAsync(Guid orderId, string action) =>
        _host.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SubjectId == orderId.ToString() && e.Action == action));

    [Test]
    public async Task Below_the_first_threshold_a_unit_order_waits_for_payment_at_and_above_it_waits_for_approval()
    {
        var unit = await UnitAsync();
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 100));
        var below = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["A"], 9));
        var at = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["A"], 10));
        var personal = await world.SubmitAsync((skus["A"], 50));

        Assert.Multiple(async () =>
        {
            Assert.That((await world.SettledAsync(below, OrderStatus.AwaitingPayment, OrderStatus.AwaitingApproval)).Status, Is.EqualTo(OrderStatus.AwaitingPayment));
            Assert.That((await world.SettledAsync(at, OrderStatus.AwaitingPayment, OrderStatus.AwaitingApproval)).Status, Is.EqualTo(OrderStatus.AwaitingApproval));
            Assert.That((await world.SettledAsync(personal, OrderStatus.AwaitingPayment, OrderStatus.AwaitingApproval)).Status, Is.EqualTo(OrderStatus.AwaitingPayment));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(100 - 9 - 10 - 50));
            Assert.That((await ApprovalAsync(at)).LevelsRequired, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Two_levels_approve_in_turn_and_the_order_then_awaits_payment()
    {
        var unit = await UnitAsync();
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 200));
        var id = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["A"], 120));
        await world.SettledAsync(id, OrderStatus.AwaitingApproval, OrderStatus.Rejected);

        var own = await Decide(a => a.ApproveAsync(id, As(unit, unit.Purchaser, OrganizationRole.UnitPurchaser, OrganizationRole.UnitApprover), default));
        var early = await Decide(a => a.ApproveAsync(id, As(unit, unit.Finance, OrganizationRole.UnitFinance), default));
        var first = await Decide(a => a.ApproveAsync(id, As(unit, unit.Approver, OrganizationRole.UnitApprover), default));
        Assert.That((await world.OrderAsync(id)).Status, Is.EqualTo(OrderStatus.AwaitingApproval));
        var second = await Decide(a => a.ApproveAsync(id, As(unit, unit.Finance, OrganizationRole.UnitFinance), default));

        var order = await world.OrderAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That((own.Failure, own.Refusal), Is.EqualTo((ApprovalFailure.Refused, ApprovalRefusal.OwnOrder)));
            Assert.That((early.Failure, early.Refusal), Is.EqualTo((ApprovalFailure.Refused, ApprovalRefusal.NotTheirLevel)));
            Assert.That(first.Failure, Is.EqualTo(ApprovalFailure.None));
            Assert.That(second.Failure, Is.EqualTo(ApprovalFailure.None));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.AwaitingPayment));
            Assert.That(order.ExpiresAt, Is.GreaterThan(DateTime.UtcNow));
            Assert.That(await world.OutboxCountAsync(nameof(OrderApproved), id), Is.EqualTo(1));
            Assert.That(await AuditCountAsync(id, AuditActions.OrderApproved), Is.EqualTo(2));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(80));
        });
    }

    [Test]
    public async Task A_rejection_cancels_the_order_releases_its_stock_and_says_why()
    {
        var unit = await UnitAsync();
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 50));
        var id = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["A"], 30));
        await world.SettledAsync(id, OrderStatus.AwaitingApproval, OrderStatus.Rejected);
        Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(20));

        var outcome = await Decide(a => a.RejectAsync(id, As(unit, unit.Approver, OrganizationRole.UnitApprover), "超出本季度预算", default));

        var order = await world.OrderAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Failure, Is.EqualTo(ApprovalFailure.None));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(order.CancelReason, Is.EqualTo("超出本季度预算"));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(50));
            Assert.That(await world.OutboxCountAsync(nameof(OrderCancelled), id), Is.EqualTo(1));
            Assert.That((await ApprovalAsync(id)).Status, Is.EqualTo(ApprovalStatus.Rejected));
            Assert.That(await AuditCountAsync(id, AuditActions.OrderApprovalRejected), Is.EqualTo(1));
        });
        var again = await Decide(a => a.ApproveAsync(id, As(unit, unit.SecondApprover, OrganizationRole.UnitApprover), default));
        Assert.That(again.Failure, Is.EqualTo(ApprovalFailure.NotWaiting));
    }

    [Test]
    public async Task A_change_re_prices_from_the_catalog_and_takes_or_returns_stock()
    {
        var unit = await UnitAsync();
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("TIER", 2000, 100), ("B", 1000, 100));
        var id = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["TIER"], 5), (skus["B"], 20));
        var placed = await world.SettledAsync(id, OrderStatus.AwaitingApproval, OrderStatus.Rejected);
        Assert.That(placed.TotalFen, Is.EqualTo((5 * 2000) + (20 * 1000)));
        var tier = placed.Lines.Single(l => l.SkuId == skus["TIER"]).Id;
        var b = placed.Lines.Single(l => l.SkuId == skus["B"]).Id;

        var outcome = await Decide(a => a.ChangeAsync(id, As(unit, unit.Approver, OrganizationRole.UnitApprover),
            new Dictionary<Guid, int> { [tier] = 12, [b] = 5 }, default));

        var order = await world.OrderAsync(id);
        var approval = await ApprovalAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Failure, Is.EqualTo(ApprovalFailure.None));
            // From 10 pieces the volume tier's price applies (¥15 instead of ¥20).
            Assert.That(order.Lines.Single(l => l.Id == tier).UnitPriceFen, Is.EqualTo(1500));
            Assert.That(order.TotalFen, Is.EqualTo((12 * 1500) + (5 * 1000)));
            Assert.That(order.SubOrders.Single().AmountFen, Is.EqualTo(order.TotalFen));
            Assert.That(await world.StockAsync(skus["TIER"]), Is.EqualTo(88));
            Assert.That(await world.StockAsync(skus["B"]), Is.EqualTo(95));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.AwaitingApproval));
            Assert.That(approval.CurrentLevel, Is.EqualTo(1));
            Assert.That(approval.Decisions.Single().Kind, Is.EqualTo(ApprovalDecisionKind.Changed));
            Assert.That(await AuditCountAsync(id, AuditActions.OrderApprovalChanged), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_change_beyond_the_stock_is_refused_and_changes_nothing()
    {
        var unit = await UnitAsync();
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 40), ("B", 1000, 40));
        var id = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["A"], 30), (skus["B"], 30));
        var placed = await world.SettledAsync(id, OrderStatus.AwaitingApproval, OrderStatus.Rejected);
        var a = placed.Lines.Single(l => l.SkuId == skus["A"]).Id;
        var b = placed.Lines.Single(l => l.SkuId == skus["B"]).Id;

        var outcome = await Decide(x => x.ChangeAsync(id, As(unit, unit.Approver, OrganizationRole.UnitApprover),
            new Dictionary<Guid, int> { [a] = 10, [b] = 41 }, default));

        var order = await world.OrderAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Failure, Is.EqualTo(ApprovalFailure.LinesRefused));
            Assert.That(outcome.Lines, Is.EqualTo(new Dictionary<Guid, LineRejection> { [b] = LineRejection.OutOfStock }));
            Assert.That(order.Lines.Select(l => l.Quantity), Is.All.EqualTo(30));
            Assert.That(order.TotalFen, Is.EqualTo(placed.TotalFen));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(10));
            Assert.That(await world.StockAsync(skus["B"]), Is.EqualTo(10));
            Assert.That((await ApprovalAsync(id)).Decisions, Is.Empty);
        });
    }

    [Test]
    public async Task Another_units_approver_finds_nothing()
    {
        var unit = await UnitAsync();
        var other = await UnitAsync();
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 50));
        var id = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["A"], 30));
        await world.SettledAsync(id, OrderStatus.AwaitingApproval, OrderStatus.Rejected);

        var outcome = await Decide(a => a.ApproveAsync(id, As(other, other.Approver, OrganizationRole.UnitApprover), default));
        Assert.That(outcome.Failure, Is.EqualTo(ApprovalFailure.NotFound));
        Assert.That((await world.OrderAsync(id)).Status, Is.EqualTo(OrderStatus.AwaitingApproval));
    }

    [Test]
    public async Task An_order_not_decided_in_time_is_cancelled_by_the_sweep_and_its_stock_released()
    {
        var unit = await UnitAsync();
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 50));
        var id = await world.SubmitAsync(unit.Purchaser, unit.Id, (skus["A"], 30));
        await world.SettledAsync(id, OrderStatus.AwaitingApproval, OrderStatus.Rejected);
        Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(20));

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await _host.Services.GetRequiredService<OrderSweep>().SweepAsync(CancellationToken.None);

        var order = await world.OrderAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(order.CancelReason, Is.EqualTo(OrderSweep.ExpiredReason));
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(50));
        });
        var late = await Decide(a => a.ApproveAsync(id, As(unit, unit.Approver, OrganizationRole.UnitApprover), default));
        Assert.That(late.Failure, Is.EqualTo(ApprovalFailure.NotWaiting));
    }
}
