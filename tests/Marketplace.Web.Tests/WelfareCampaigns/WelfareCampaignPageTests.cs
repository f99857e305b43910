using System.Net;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Core.Welfare;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Marketplace.Web.WelfareCampaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Marketplace.Web.Tests.UnitOrders.UnitOrderSeed;

namespace Marketplace.Web.Tests.WelfareCampaigns;

/// <summary>福利自选 without the API: the unit's pages, the employee's choose page, the automatic reminder and the leftover rule.</summary>
public sealed class WelfareCampaignPageTests : WebAppFixture
{
    private const long Allowance = 20_000;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?>
        {
            ["DemoData:Enabled"] = "true",
            ["Ordering:SweepInterval"] = "01:00:00",
            ["WelfareCampaigns:ReminderInterval"] = "01:00:00",
        });

    [Test]
    public async Task An_admin_publishes_on_the_page_an_employee_chooses_within_the_allowance_and_closing_lists_them_for_packing()
    {
        var (unit, admin) = await UnitWithAdminAsync();
        var code = "WP-" + Guid.NewGuid().ToString("N")[..8];
        var beef = await ListingAsync(Factory, await SupplierAsync(DemoAccounts.YanshanCooperative), ProductCategory.Meat, code, 1, true, Sku("A1", 6_000, 100), Sku("A2", 15_000, 100));
        var employeeEmail = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        using var employee = await UnitPeople.SignInAsync(Factory, employeeEmail);

        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "2026年春节职工福利自选",
            ["Input.AllowanceYuan"] = "200",
            ["Input.Deadline"] = (DateTime.UtcNow.AddHours(8).AddDays(3)).ToString("yyyy-MM-ddTHH:mm"),
            ["Input.DeliveryLabel"] = "总部行政楼",
            ["Input.Recipient"] = "王建国",
            ["Input.Phone"] = "13800001234",
            ["Input.Region"] = "重庆市江北区",
            ["Input.Line"] = "建新东路 1 号",
            ["Input.PostalCode"] = "400020",
            ["Input.LeftoverRule"] = "Lapses",
            ["Query"] = "文山牛肉干",
        };
        using (var search = await Forms.PostAsync(admin, "/unit/welfare-campaigns", "/unit/welfare-campaigns?handler=Search", fields))
        {
            var html = await search.Content.ReadAsStringAsync();
            Assert.That(search.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain($"value=\"{beef[0]}\"").And.Contain($"value=\"{beef[1]}\"").And.Contain("2026年春节职工福利自选"), "the search keeps what was typed");
        }

        using var published = await PostWithSkusAsync(admin, fields, beef);
        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await published.Content.ReadAsStringAsync());
        var campaignId = Guid.Parse(published.Headers.Location!.OriginalString.Split('/')[^1]);
        var progress = await admin.GetStringAsync($"/unit/welfare-campaigns/{campaignId}");
        Assert.That(progress, Does.Contain("0 / 1 人已选择"));

        Assert.That(await employee.GetStringAsync("/welfare"), Does.Contain($"/welfare/campaigns/{campaignId}").And.Contain("2026年春节职工福利自选"));
        var choosePage = $"/welfare/campaigns/{campaignId}";
        Assert.That(await employee.GetStringAsync(choosePage), Does.Contain("文山牛肉干").And.Contain("¥200.00"));

        // ¥60 × 1 + ¥150 × 1 = ¥210: over the allowance, refused by the server and nothing saved.
        using (var over = await Forms.PostAsync(employee, choosePage, choosePage, Choice(beef, 1, 1)))
        {
            Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await over.Content.ReadAsStringAsync(), Does.Contain("¥210.00"));
        }

        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.WelfareChoices.CountAsync(c => c.CampaignId == campaignId)), Is.Zero);
        using (var saved = await Forms.PostAsync(employee, choosePage, choosePage, Choice(beef, 1, 0, "总装车间")))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        using (var changed = await Forms.PostAsync(employee, choosePage, choosePage, Choice(beef, 3, 0, "总装车间")))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        Assert.That(await employee.GetStringAsync(choosePage), Does.Contain("¥180.00").And.Contain("¥20.00"), "chosen and left");
        progress = await admin.GetStringAsync($"/unit/welfare-campaigns/{campaignId}");
        Assert.That(progress, Does.Contain("1 / 1 人已选择").And.Contain(DemoAccounts.YanshanCooperative));

        var detail = $"/unit/welfare-campaigns/{campaignId}";
        using (var closed = await Forms.PostAsync(admin, detail, detail + "?handler=Close", new Dictionary<string, string>()))
        {
            Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        var after = await admin.GetStringAsync(detail);
        var orderId = await UnitPeople.InScopeAsync(Factory, db => db.WelfareCampaigns.Where(c => c.Id == campaignId).Select(c => c.OrderId).SingleAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(orderId, Is.Not.Null);
            Assert.That(after, Does.Contain("每人分拣清单").And.Contain("总装车间").And.Contain("A1 袋装 × 3").And.Contain("已截止"));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.RosterEntries.CountAsync(r => r.OrderId == orderId && r.Quantity == 3 && r.Department == "总装车间")), Is.EqualTo(1));
            Assert.That(await employee.GetStringAsync(choosePage), Does.Contain("选择已截止"));
        });

        using var late = await Forms.PostAsync(employee, choosePage, choosePage, Choice(beef, 1, 0));
        Assert.That(await late.Content.ReadAsStringAsync(), Does.Contain("选择已截止"));
    }

    [Test]
    public async Task The_sweep_reminds_once_only_those_who_chose_nothing_when_the_deadline_is_near()
    {
        var (unit, _) = await UnitWithAdminAsync();
        var beef = await ListingAsync(Factory, await SupplierAsync(DemoAccounts.YanshanCooperative), ProductCategory.Meat, "WR-" + Guid.NewGuid().ToString("N")[..8], 1, true, Sku("A1", 3_000, 100));
        var chose = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        var silent = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        var near = await CampaignAsync(unit, DateTime.UtcNow.AddHours(30), LeftoverRule.Lapses, beef[0]);
        var far = await CampaignAsync(unit, DateTime.UtcNow.AddDays(5), LeftoverRule.Lapses, beef[0]);
        await ChooseAsync(near, unit, chose, beef[0], 2);

        var sweep = Factory.Services.GetRequiredService<WelfareCampaignReminderSweep>();
        await sweep.SweepAsync(CancellationToken.None);
        await sweep.SweepAsync(CancellationToken.None);

        var link = Mailbox.LatestLink(Factory, silent, $"/welfare/campaigns/{near}");
        using var client = await UnitPeople.SignInAsync(Factory, silent);
        using var page = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Multiple(async () =>
        {
            Assert.That(Mailbox.MessagesTo(Factory, silent), Has.Count.EqualTo(1), "once, however often the sweep runs");
            Assert.That(Mailbox.MessagesTo(Factory, chose), Is.Empty, "not to those who chose");
            Assert.That(Mailbox.MessagesTo(Factory, silent).Single(), Does.Not.Contain(far.ToString()), "the far deadline waits");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the mail's link is the choose page");
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.WelfareCampaignReminders.CountAsync(r => r.CampaignId == near)), Is.EqualTo(1));
        });

        // A restarted process (a fresh sweep over the same database) finds the record and sends nothing again.
        var again = ActivatorUtilities.CreateInstance<WelfareCampaignReminderSweep>(Factory.Services);
        Assert.That(await again.SweepAsync(CancellationToken.None), Is.Zero);
        Assert.That(Mailbox.MessagesTo(Factory, silent), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Unspent_allowance_stays_in_the_programmes_wallets_or_is_forfeited_at_close()
    {
        var (unit, admin) = await UnitWithAdminAsync();
        var beef = await ListingAsync(Factory, await SupplierAsync(DemoAccounts.YanshanCooperative), ProductCategory.Meat, "WL-" + Guid.NewGuid().ToString("N")[..8], 1, true, Sku("A1", 15_000, 100));
        var partly = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        var nothing = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        var programme = await UnitPeople.InScopeAsync(Factory, async db =>
        {
            var organization = await db.Organizations.SingleAsync(o => o.Id == unit);
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var created = WelfareProgramme.Create(organization, "春节福利", 10_000, today, today.AddDays(60), new WelfareEligibility([], [], []), Guid.Empty, DateTime.UtcNow);
            db.WelfareProgrammes.Add(created);
            var partlyId = await db.Users.Where(u => u.Email == partly).Select(u => u.Id).SingleAsync();
            await WelfareGrants.GrantAsync(db, created, [partlyId], Guid.Empty, DateTime.UtcNow, CancellationToken.None);
            await db.SaveChangesAsync();
            return created;
        });
        var keeps = await CampaignAsync(unit, DateTime.UtcNow.AddDays(3), LeftoverRule.StaysInWallet, beef[0], programme);
        var lapses = await CampaignAsync(unit, DateTime.UtcNow.AddDays(3), LeftoverRule.Lapses, beef[0]);
        await ChooseAsync(keeps, unit, partly, beef[0], 1);
        await ChooseAsync(lapses, unit, partly, beef[0], 1);

        foreach (var campaign in new[] { keeps, lapses })
        {
            using var closed = await admin.PostAsync($"/api/units/{unit}/welfare-campaigns/{campaign}/close", null);
            Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await closed.Content.ReadAsStringAsync());
        }

        var balances = await UnitPeople.InScopeAsync(Factory, async db =>
            (await db.Set<WelfareWallet>().Where(w => w.ProgrammeId == programme.Id).Join(db.Users, w => w.UserId, u => u.Id, (w, u) => new { u.Email, w.BalanceFen, w.Id }).ToListAsync())
            .ToDictionary(x => x.Email!, x => (x.BalanceFen, x.Id)));
        var ledgers = await UnitPeople.InScopeAsync(Factory, db => db.Set<WelfareLedgerEntry>().Where(e => e.ProgrammeId == programme.Id)
            .GroupBy(e => e.WalletId).Select(g => new { g.Key, Sum = g.Sum(e => e.AmountFen) }).ToDictionaryAsync(x => x.Key, x => x.Sum));
        Assert.Multiple(() =>
        {
            // Granted ¥100 before; ¥200 − ¥150 chosen = ¥50 more. The lapsing campaign adds nothing.
            Assert.That(balances[partly].BalanceFen, Is.EqualTo(10_000 + 5_000));
            Assert.That(balances[nothing].BalanceFen, Is.EqualTo(Allowance), "chose nothing: the whole allowance stays");
            Assert.That(balances.Values.All(b => ledgers[b.Id] == b.BalanceFen), Is.True, "each balance is the sum of its ledger");
            Assert.That(balances, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Leftovers_are_the_allowance_less_what_each_person_chose_never_below_zero()
    {
        var campaign = Guid.NewGuid();
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var sku = Guid.NewGuid();
        var now = DateTime.UtcNow;
        WelfareChoice[] choices = [new(campaign, a, "甲", "", sku, 2, 6_000, now), new(campaign, c, "丙", "", sku, 1, 25_000, now)];
        var leftovers = WelfareCampaignClosing.LeftoversOf(Allowance, [a, b], choices);
        Assert.That(leftovers, Is.EquivalentTo(new Dictionary<Guid, long> { [a] = 8_000, [b] = Allowance, [c] = 0 }));
    }

    private async Task<(Guid Unit, HttpClient Admin)> UnitWithAdminAsync()
    {
        var unit = await UnitPeople.CreateUnitAsync(Factory, "福利页面测试单位");
        var email = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.UnitAdmin);
        return (unit, await UnitPeople.SignInAsync(Factory, email));
    }

    private Task<Guid> SupplierAsync(string name) =>
        UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == name && o.Kind == OrganizationKind.Supplier).Select(o => o.Id).SingleAsync());

    private Task<Guid> CampaignAsync(Guid unit, DateTime deadline, LeftoverRule rule, Guid skuId, WelfareProgramme? programme = null) =>
        UnitPeople.InScopeAsync(Factory, async db =>
        {
            var adminId = await db.Memberships.Where(m => m.OrganizationId == unit).OrderBy(m => m.CreatedAt).Select(m => m.UserId).FirstAsync();
            var campaign = WelfareCampaign.Publish(unit, "年终福利", Allowance, deadline, "总部", Workshop, rule, [skuId], adminId, DateTime.UtcNow, programme);
            db.WelfareCampaigns.Add(campaign);
            await db.SaveChangesAsync();
            return campaign.Id;
        });

    private async Task ChooseAsync(Guid campaign, Guid unit, string email, Guid skuId, int quantity)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.MarketplaceDbContext>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var outcome = await scope.ServiceProvider.GetRequiredService<WelfareChoices>().ChooseAsync(campaign, unit, userId, "测试", "", [new ChosenItem(skuId, quantity)], CancellationToken.None);
        Assert.That(outcome.Failure, Is.EqualTo(ChoiceFailure.None));
    }

    private static Dictionary<string, string> Choice(List<Guid> skus, int first, int second, string? department = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Items[0].SkuId"] = skus[0].ToString(),
            ["Items[0].Quantity"] = first.ToString(),
            ["Items[1].SkuId"] = skus[1].ToString(),
            ["Items[1].Quantity"] = second.ToString(),
        };
        if (department is not null)
        {
            fields["Department"] = department;
        }

        return fields;
    }

    private static async Task<HttpResponseMessage> PostWithSkusAsync(HttpClient admin, Dictionary<string, string> fields, List<Guid> skus)
    {
        var token = Forms.AntiforgeryToken(await admin.GetStringAsync("/unit/welfare-campaigns"));
        var body = fields.Select(f => KeyValuePair.Create(f.Key, f.Value))
            .Concat(skus.Select(s => KeyValuePair.Create("Input.SkuIds", s.ToString())))
            .Append(KeyValuePair.Create("__RequestVerificationToken", token));
        using var content = new FormUrlEncodedContent(body);
        return await admin.PostAsync("/unit/welfare-campaigns", content);
    }
}
