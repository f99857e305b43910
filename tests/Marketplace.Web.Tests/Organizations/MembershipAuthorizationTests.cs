using System.Net;
using System.Security.Claims;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Organizations;

/// <summary>The membership claims, the shared policies, and the pages built on them: profile and the operator's unit tree.</summary>
public sealed class MembershipAuthorizationTests : WebAppFixture
{
    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true" });

    [TestCase("employee@changan.demo", "长安汽车工会", true)]
    [TestCase("employee@changan.demo", "长安汽车", true)]
    [TestCase("employee@changan.demo", "嘉陵特装", false)]
    [TestCase("employee@jialing.demo", "嘉陵特装职工食堂", true)]
    [TestCase("employee@jialing.demo", "长安汽车工会", false)]
    [TestCase("staff@yanshan-cattle.demo", DemoAccounts.YanshanCooperative, true)]
    [TestCase("staff@yanshan-cattle.demo", DemoAccounts.LuxiPearFirm, false)]
    [TestCase("operator@csgc.demo", "长安汽车工会", true)]
    [TestCase("operator@csgc.demo", DemoAccounts.LuxiPearFirm, true)]
    [TestCase("public@example.com", "长安汽车", false)]
    public async Task A_resource_belongs_to_my_organization_or_a_unit_below_it(string email, string resourceOrganization, bool allowed)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var user = await PrincipalAsync(scope.ServiceProvider, email);
        var organizationId = await db.Organizations.Where(o => o.Name == resourceOrganization).Select(o => o.Id).SingleAsync();

        var result = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>()
            .AuthorizeAsync(user, new OrganizationResource(organizationId), MarketplacePolicies.OwnOrganization);

        Assert.That(result.Succeeded, Is.EqualTo(allowed));
    }

    [Test]
    public async Task An_unknown_organization_is_nobodys()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var unknown = new OrganizationResource(Guid.CreateVersion7());

        var employee = await authorization.AuthorizeAsync(await PrincipalAsync(scope.ServiceProvider, "employee@changan.demo"), unknown, MarketplacePolicies.OwnOrganization);

        Assert.That(employee.Succeeded, Is.False);
    }

    [TestCase("employee@changan.demo", MarketplacePolicies.UnitMember, true)]
    [TestCase("staff@luxi-pear.demo", MarketplacePolicies.UnitMember, false)]
    [TestCase("staff@luxi-pear.demo", MarketplacePolicies.SupplierMember, true)]
    [TestCase("admin@yanshan-cattle.demo", MarketplacePolicies.SupplierMember, true)]
    [TestCase("operator@csgc.demo", MarketplacePolicies.SupplierMember, false)]
    [TestCase("operator@csgc.demo", MarketplacePolicies.Operator, true)]
    [TestCase("admin@changan.demo", MarketplacePolicies.Operator, false)]
    [TestCase("public@example.com", MarketplacePolicies.UnitMember, false)]
    public async Task Membership_policies_follow_the_claims(string email, string policy, bool allowed)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var user = await PrincipalAsync(scope.ServiceProvider, email);

        var result = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, policy);

        Assert.That(result.Succeeded, Is.EqualTo(allowed));
    }

    [TestCase("approver@changan.demo", OrganizationRole.UnitApprover, true)]
    [TestCase("purchaser@changan.demo", OrganizationRole.UnitApprover, false)]
    [TestCase("purchaser@changan.demo", OrganizationRole.UnitPurchaser, true)]
    [TestCase("finance@changan.demo", OrganizationRole.UnitFinance, true)]
    [TestCase("admin@changan.demo", OrganizationRole.UnitAdmin, true)]
    [TestCase("employee@jialing.demo", OrganizationRole.UnitAdmin, false)]
    [TestCase("operator@csgc.demo", OrganizationRole.UnitAdmin, false)]
    public async Task Unit_role_policies_need_the_role_in_the_users_own_unit(string email, OrganizationRole role, bool allowed)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var user = await PrincipalAsync(scope.ServiceProvider, email);

        var result = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, MarketplacePolicies.UnitRole(role));

        Assert.That(result.Succeeded, Is.EqualTo(allowed));
    }

    [Test]
    public void A_unit_role_policy_refuses_a_role_outside_units() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MarketplacePolicies.UnitRole(OrganizationRole.SupplierAdmin));

    [Test]
    public async Task The_cookie_carries_organization_kind_and_roles()
    {
        await using var scope = Factory.Services.CreateAsyncScope();

        var user = await PrincipalAsync(scope.ServiceProvider, "approver@changan.demo");
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();

        Assert.Multiple(async () =>
        {
            Assert.That(user.GetOrganizationId(), Is.EqualTo(await db.Organizations.Where(o => o.Name == "长安汽车").Select(o => o.Id).SingleAsync()));
            Assert.That(user.GetOrganizationKind(), Is.EqualTo(OrganizationKind.MemberUnit));
            Assert.That(user.GetOrganizationRoles(), Is.EquivalentTo(new[] { OrganizationRole.Employee, OrganizationRole.UnitApprover }));
        });
    }

    [Test]
    public async Task Demo_users_are_seeded_once()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;

        var again = await DemoAccounts.SeedAsync(
            services.GetRequiredService<MarketplaceDbContext>(), services.GetRequiredService<OrganizationTree>(),
            services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Accounts.MarketplaceUser>>(), TimeProvider.System);

        Assert.That(again, Is.Zero);
    }

    [Test]
    public async Task The_operator_renames_and_moves_a_unit_and_the_history_shows_both()
    {
        using var client = await SignInAsync("operator@csgc.demo");
        Guid hr, finance;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            hr = await db.Organizations.Where(o => o.Name == "人力资源开发中心").Select(o => o.Id).SingleAsync();
            finance = await db.Organizations.Where(o => o.Name == "财务公司").Select(o => o.Id).SingleAsync();
        }

        using var renamed = await Forms.PostAsync(client, "/operator/units", "/operator/units?handler=Rename",
            new Dictionary<string, string> { ["id"] = hr.ToString(), ["name"] = "人才发展中心", ["shortName"] = "Talent Centre" });
        using var moved = await Forms.PostAsync(client, "/operator/units", "/operator/units?handler=Move",
            new Dictionary<string, string> { ["id"] = hr.ToString(), ["parentId"] = finance.ToString() });
        using var cycle = await Forms.PostAsync(client, "/operator/units", "/operator/units?handler=Move",
            new Dictionary<string, string> { ["id"] = finance.ToString(), ["parentId"] = hr.ToString() });
        var page = await client.GetStringAsync("/operator/units");

        Assert.Multiple(async () =>
        {
            Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(cycle.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await cycle.Content.ReadAsStringAsync(), Does.Contain("不能把单位移到它自己或它的下级单位之下"));
            Assert.That(page, Does.Contain("人才发展中心").And.Contain("人力资源开发中心").And.Contain("隶属 财务公司"));
        });
        await using var check = Factory.Services.CreateAsyncScope();
        var versions = await check.ServiceProvider.GetRequiredService<MarketplaceDbContext>().OrganizationVersions
            .Where(v => v.OrganizationId == hr).OrderBy(v => v.ValidFrom).ToListAsync();
        Assert.That(versions.Select(v => (v.Name, v.ParentId == finance)), Is.EqualTo(new[]
        {
            ("人力资源开发中心", false), ("人才发展中心", false), ("人才发展中心", true),
        }));
    }

    [Test]
    public async Task A_unit_admin_cannot_post_to_the_operators_forms()
    {
        using var client = await SignInAsync("admin@changan.demo");
        // The admin's own token from a page they may read; the policy refuses before the handler runs.
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/account/profile"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["id"] = Guid.CreateVersion7().ToString(),
            ["name"] = "x",
        });

        using var response = await client.PostAsync("/operator/units?handler=Rename", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/access-denied"));
    }

    [Test]
    public async Task The_profile_shows_the_membership_and_saves_a_new_display_name()
    {
        using var client = await SignInAsync("finance@changan.demo");

        var profile = await client.GetStringAsync("/account/profile");
        using var saved = await Forms.PostAsync(client, "/account/profile", "/account/profile?handler=DisplayName",
            new Dictionary<string, string> { ["NameInput.DisplayName"] = "财务 赵静（新）" });
        var after = await client.GetStringAsync("/account/profile");

        Assert.Multiple(() =>
        {
            Assert.That(profile, Does.Contain("finance@changan.demo").And.Contain("长安汽车").And.Contain("财务").And.Contain("职工"));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after, Does.Contain("称呼已保存").And.Contain("财务 赵静（新）"));
        });
    }

    [Test]
    public async Task A_wrong_current_password_changes_nothing()
    {
        using var client = await SignInAsync("public@example.com");

        using var response = await Forms.PostAsync(client, "/account/profile", "/account/profile?handler=Password", new Dictionary<string, string>
        {
            ["PasswordInput.CurrentPassword"] = "not the password",
            ["PasswordInput.NewPassword"] = "a brand new passphrase",
            ["PasswordInput.ConfirmPassword"] = "a brand new passphrase",
        });

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("当前密码不正确"));
        // The demo password still signs in (the helper asserts it).
        using var again = await SignInAsync("public@example.com");
    }

    [TestCase("operator@csgc.demo", new[] { "href=\"/operator/units\"", "href=\"/operator/audit\"", "href=\"/account/profile\"" }, new[] { "href=\"/unit/members\"" })]
    [TestCase("admin@changan.demo", new[] { "href=\"/unit/members\"", "href=\"/account/profile\"" }, new[] { "href=\"/operator/units\"" })]
    [TestCase("employee@changan.demo", new[] { "href=\"/account/profile\"" }, new[] { "href=\"/operator/units\"", "href=\"/unit/members\"" })]
    public async Task The_header_links_what_the_role_may_open(string email, string[] shown, string[] hidden)
    {
        using var client = await SignInAsync(email);

        var home = await client.GetStringAsync("/");

        Assert.Multiple(() =>
        {
            foreach (var link in shown)
            {
                Assert.That(home, Does.Contain(link));
            }

            foreach (var link in hidden)
            {
                Assert.That(home, Does.Not.Contain(link));
            }
        });
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = Factory.CreateBrowserLikeClient();
        using var response = await Forms.PostAsync(client, "/account/login", "/account/login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = DemoAccounts.Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{email} could not sign in.");
        return client;
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Accounts.MarketplaceUser>>();
        var factory = services.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<Core.Accounts.MarketplaceUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(email))!);
    }
}
