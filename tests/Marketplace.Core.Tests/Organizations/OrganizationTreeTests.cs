using Marketplace.Core.Accounts;
using Marketplace.Core.Organizations;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Tests.Organizations;

/// <summary>The tree's rules and its history, on the embedded SQLite runtime.</summary>
public sealed class OrganizationTreeTests
{
    private static readonly DateTime Start = new(2021, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;
    private readonly SettableClock _clock = new(Start);

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Rename_and_move_close_the_current_version_and_open_a_new_one()
    {
        var (group, unit, other) = await Tree(async tree =>
        {
            var g = await tree.EnsureGroupAsync();
            return (g, await tree.AddMemberUnitAsync("长安汽车", "Changan", g.Id), await tree.AddMemberUnitAsync("嘉陵特装", null, g.Id));
        });
        var renamedAt = _clock.Advance(TimeSpan.FromDays(30));
        await Tree(tree => tree.RenameAsync(unit.Id, "长安汽车股份", "Changan Auto"));
        var movedAt = _clock.Advance(TimeSpan.FromDays(30));
        await Tree(tree => tree.MoveAsync(unit.Id, other.Id));

        var saved = await _host.WithDbAsync(db => db.Organizations.Include(o => o.Versions).SingleAsync(o => o.Id == unit.Id));
        var versions = saved.Versions.OrderBy(v => v.ValidFrom).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(saved.Name, Is.EqualTo("长安汽车股份"));
            Assert.That(saved.ShortName, Is.EqualTo("Changan Auto"));
            Assert.That(saved.ParentId, Is.EqualTo(other.Id));
            Assert.That(versions.Select(v => (v.Name, v.ParentId, v.ValidFrom, v.ValidTo)), Is.EqualTo(new[]
            {
                ("长安汽车", (Guid?)group.Id, unit.CreatedAt, (DateTime?)renamedAt),
                ("长安汽车股份", group.Id, renamedAt, movedAt),
                ("长安汽车股份", other.Id, movedAt, null),
            }));
            Assert.That(saved.VersionAt(renamedAt.AddTicks(-1))?.Name, Is.EqualTo("长安汽车"));
            Assert.That(saved.VersionAt(renamedAt)?.Name, Is.EqualTo("长安汽车股份"));
            Assert.That(saved.VersionAt(movedAt.AddDays(-1))?.ParentId, Is.EqualTo(group.Id));
            Assert.That(saved.VersionAt(movedAt)?.ParentId, Is.EqualTo(other.Id));
            Assert.That(saved.VersionAt(unit.CreatedAt.AddTicks(-1)), Is.Null);
        });
    }

    [Test]
    public async Task A_move_that_would_make_a_cycle_is_refused_and_changes_nothing()
    {
        var (a, b, c) = await Tree(async tree =>
        {
            var group = await tree.EnsureGroupAsync();
            var top = await tree.AddMemberUnitAsync("南方资产", null, group.Id);
            var middle = await tree.AddMemberUnitAsync("南方资产一部", null, top.Id);
            return (top, middle, await tree.AddMemberUnitAsync("南方资产一部一组", null, middle.Id));
        });

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<OrganizationRuleException>(() => Tree(tree => tree.MoveAsync(a.Id, c.Id)));
            Assert.ThrowsAsync<OrganizationRuleException>(() => Tree(tree => tree.MoveAsync(a.Id, b.Id)));
            Assert.ThrowsAsync<OrganizationRuleException>(() => Tree(tree => tree.MoveAsync(a.Id, a.Id)));
        });
        var path = await Tree(tree => tree.PathToRootAsync(c.Id));
        var versions = await _host.WithDbAsync(db => db.OrganizationVersions.CountAsync(v => v.OrganizationId == a.Id));
        Assert.That(path, Has.Count.EqualTo(4).And.Contains(a.Id));
        Assert.That(versions, Is.EqualTo(1));
    }

    [Test]
    public async Task Units_go_only_under_the_group_or_a_unit_and_only_units_move()
    {
        var (group, unit, supplier) = await Tree(async tree =>
        {
            var g = await tree.EnsureGroupAsync();
            return (g, await tree.AddMemberUnitAsync("财务公司", null, g.Id), await tree.AddSupplierAsync("砚山县文山牛合作社", null));
        });

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<OrganizationRuleException>(() => Tree(tree => tree.MoveAsync(unit.Id, supplier.Id)));
            Assert.ThrowsAsync<OrganizationRuleException>(() => Tree(tree => tree.AddMemberUnitAsync("食堂", null, supplier.Id)));
            Assert.ThrowsAsync<OrganizationRuleException>(() => Tree(tree => tree.MoveAsync(supplier.Id, group.Id)));
            Assert.ThrowsAsync<OrganizationRuleException>(() => Tree(tree => tree.MoveAsync(group.Id, unit.Id)));
            Assert.That(supplier.ParentId, Is.Null);
        });
    }

    [Test]
    public async Task The_database_holds_a_single_group()
    {
        await Tree(tree => tree.EnsureGroupAsync());

        var second = Assert.ThrowsAsync<DbUpdateException>(() => _host.WithDbAsync(db =>
        {
            db.Organizations.Add(Organization.CreateGroup("另一个集团", null, Start));
            return db.SaveChangesAsync();
        }));
        Assert.That(second, Is.Not.Null);
    }

    [TestCase(OrganizationKind.MemberUnit, OrganizationRole.Employee, true)]
    [TestCase(OrganizationKind.MemberUnit, OrganizationRole.UnitPurchaser, true)]
    [TestCase(OrganizationKind.MemberUnit, OrganizationRole.UnitApprover, true)]
    [TestCase(OrganizationKind.MemberUnit, OrganizationRole.UnitFinance, true)]
    [TestCase(OrganizationKind.MemberUnit, OrganizationRole.UnitAdmin, true)]
    [TestCase(OrganizationKind.MemberUnit, OrganizationRole.SupplierStaff, false)]
    [TestCase(OrganizationKind.MemberUnit, OrganizationRole.Operator, false)]
    [TestCase(OrganizationKind.Supplier, OrganizationRole.SupplierStaff, true)]
    [TestCase(OrganizationKind.Supplier, OrganizationRole.SupplierAdmin, true)]
    [TestCase(OrganizationKind.Supplier, OrganizationRole.Employee, false)]
    [TestCase(OrganizationKind.Supplier, OrganizationRole.Operator, false)]
    [TestCase(OrganizationKind.Group, OrganizationRole.Operator, true)]
    [TestCase(OrganizationKind.Group, OrganizationRole.Employee, false)]
    [TestCase(OrganizationKind.Group, OrganizationRole.SupplierAdmin, false)]
    public void Roles_must_fit_the_kind_of_organization(OrganizationKind kind, OrganizationRole role, bool fits)
    {
        var group = Organization.CreateGroup("集团", null, Start);
        var organization = kind switch
        {
            OrganizationKind.Group => group,
            OrganizationKind.Supplier => Organization.CreateSupplier("合作社", null, Start),
            _ => Organization.CreateMemberUnit("单位", null, group, Start),
        };

        Membership Join() => Membership.Create(Guid.NewGuid(), organization, [role], Start);

        if (fits)
        {
            Assert.That(Join().Has(role), Is.True);
        }
        else
        {
            Assert.Throws<OrganizationRuleException>(() => Join());
        }
    }

    [Test]
    public void A_membership_needs_a_role_and_rejects_any_role_that_does_not_fit()
    {
        var group = Organization.CreateGroup("集团", null, Start);
        var unit = Organization.CreateMemberUnit("长安汽车", null, group, Start);

        Assert.Multiple(() =>
        {
            Assert.Throws<OrganizationRuleException>(() => Membership.Create(Guid.NewGuid(), unit, [], Start));
            Assert.Throws<OrganizationRuleException>(() =>
                Membership.Create(Guid.NewGuid(), unit, [OrganizationRole.Employee, OrganizationRole.SupplierStaff], Start));
            Assert.That(Membership.Create(Guid.NewGuid(), unit, [OrganizationRole.Employee, OrganizationRole.UnitApprover, OrganizationRole.Employee], Start)
                .Roles.Select(r => r.Role), Is.EquivalentTo(new[] { OrganizationRole.Employee, OrganizationRole.UnitApprover }));
        });
    }

    [Test]
    public async Task The_database_allows_one_membership_per_user_and_stores_roles_by_name()
    {
        var (unit, supplier) = await Tree(async tree =>
        {
            var group = await tree.EnsureGroupAsync();
            return (await tree.AddMemberUnitAsync("嘉陵特装", null, group.Id), await tree.AddSupplierAsync("泸西县高原梨合作社", null));
        });
        var user = new MarketplaceUser { UserName = "member@example.com", Email = "member@example.com", CreatedAt = Start };
        await _host.WithDbAsync(db =>
        {
            db.Users.Add(user);
            db.Memberships.Add(Membership.Create(user.Id, unit, [OrganizationRole.Employee, OrganizationRole.UnitPurchaser], Start));
            return db.SaveChangesAsync();
        });

        Assert.ThrowsAsync<DbUpdateException>(() => _host.WithDbAsync(db =>
        {
            db.Memberships.Add(Membership.Create(user.Id, supplier, [OrganizationRole.SupplierStaff], Start));
            return db.SaveChangesAsync();
        }));
        var stored = await _host.CountAsync(
            "SELECT count(*) FROM membership_roles r JOIN memberships m ON m.id = r.membership_id WHERE m.user_id = @user AND r.role IN ('Employee', 'UnitPurchaser')",
            new { user = user.Id });
        var memberships = await _host.WithDbAsync(db => db.Memberships.CountAsync(m => m.UserId == user.Id));
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo(2));
            Assert.That(memberships, Is.EqualTo(1));
        });
    }

    private Task<T> Tree<T>(Func<OrganizationTree, Task<T>> work) =>
        _host.WithDbAsync(db => work(new OrganizationTree(db, _clock, Options.Create(new OrganizationOptions()))));

    private sealed class SettableClock(DateTime start) : TimeProvider
    {
        private DateTime _now = start;

        public DateTime Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => new(_now, TimeSpan.Zero);
    }
}
