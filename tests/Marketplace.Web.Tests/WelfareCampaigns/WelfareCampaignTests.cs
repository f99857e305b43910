using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Accounts;
using Marketplace.Core.Assistance;
using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Assistance;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Marketplace.Web.Tests.UnitOrders.UnitOrderSeed;

namespace Marketplace.Web.Tests.WelfareCampaigns;

/// <summary>福利自选: choosing within the allowance until the deadline, one consolidated order per campaign, per-person packing lists, the welfare ledger.</summary>
public sealed class WelfareCampaignTests : WebAppFixture
{
    private const long Allowance = 20_000;
    private static readonly object Address = new { recipient = "王建国", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [Test]
    public async Task Two_hundred_employees_consolidate_into_one_sub_order_per_supplier_with_per_person_lists_and_count_as_welfare()
    {
        var (unit, admin, _) = await UnitWithAdminAsync();
        var yanshan = await SupplierAsync(DemoAccounts.YanshanCooperative);
        var luxi = await SupplierAsync(DemoAccounts.LuxiPearFirm);
        var beef = await ListingAsync(Factory, yanshan, ProductCategory.Meat, "WB-" + Guid.NewGuid().ToString("N")[..8], 1, true, Sku("A1", 3_000, 2_000), Sku("A2", 5_000, 2_000));
        var pears = await ListingAsync(Factory, luxi, ProductCategory.Fruit, "WP-" + Guid.NewGuid().ToString("N")[..8], 1, true, Sku("B1", 12_000, 2_000));
        var campaignId = await PublishAsync(admin, unit, [beef[0], beef[1], pears[0]]);

        // Four patterns, all within ¥200: (A1, A2, B1) quantities.
        int[][] patterns = [[1, 0, 1], [0, 2, 0], [0, 1, 1], [3, 1, 0]];
        var employeeEmail = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        using var employee = await UnitPeople.SignInAsync(Factory, employeeEmail);
        using (var over = await ChooseAsync(employee, campaignId, (pears[0], 2)))
        {
            Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await over.Content.ReadAsStringAsync());
        }

        using (var first = await ChooseAsync(employee, campaignId, (beef[0], 5)))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        }

        using (var changed = await ChooseAsync(employee, campaignId, (beef[0], 1), (pears[0], 1)))
        {
            var mine = await changed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(mine.GetProperty("chosenFen").GetInt64(), Is.EqualTo(15_000));
            Assert.That(mine.GetProperty("choice").GetArrayLength(), Is.EqualTo(2));
        }

        // The employee above is person 0 (pattern 0); 199 more choose through the same rule directly.
        var people = new List<(string Name, string Department, int[] Pattern)> { ("测试Employee", "", patterns[0]) };
        var silentEmail = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        await UnitPeople.InScopeAsync(Factory, async db =>
        {
            var organization = await db.Organizations.SingleAsync(o => o.Id == unit);
            for (var i = 1; i < 200; i++)
            {
                var user = new MarketplaceUser { UserName = $"w{i}-{unit:N}@example.com", Email = $"w{i}-{unit:N}@example.com", EmailConfirmed = true, DisplayName = $"职工{i:D3}", CreatedAt = DateTime.UtcNow };
                db.Users.Add(user);
                db.Memberships.Add(Membership.Create(user.Id, organization, [OrganizationRole.Employee], DateTime.UtcNow));
                people.Add((user.DisplayName, i % 3 == 0 ? "质检部" : "总装车间", patterns[i % 4]));
            }

            return await db.SaveChangesAsync();
        });
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Core.Data.MarketplaceDbContext>();
            var users = await db.Users.Where(u => u.UserName!.EndsWith($"-{unit:N}@example.com")).ToDictionaryAsync(u => u.DisplayName, u => u.Id);
            foreach (var (name, department, pattern) in people.Skip(1))
            {
                using var inner = Factory.Services.CreateScope();
                var outcome = await inner.ServiceProvider.GetRequiredService<WelfareChoices>().ChooseAsync(
                    campaignId, unit, users[name], name, department, Items(pattern, beef[0], beef[1], pears[0]), CancellationToken.None);
                Assert.That(outcome.Failure, Is.EqualTo(ChoiceFailure.None));
            }
        }

        using (var reminded = await admin.PostAsync($"/api/units/{unit}/welfare-campaigns/{campaignId}/reminders", null))
        {
            Assert.That(reminded.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reminded.Content.ReadAsStringAsync());
        }

        var summary = await admin.GetFromJsonAsync<JsonElement>($"/api/units/{unit}/welfare-campaigns/{campaignId}");
        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("chosen").GetInt32(), Is.EqualTo(200));
            Assert.That(Mailbox.MessagesTo(Factory, silentEmail), Has.Count.EqualTo(1));
            Assert.That(Mailbox.MessagesTo(Factory, employeeEmail), Is.Empty);
        });

        using var closed = await admin.PostAsync($"/api/units/{unit}/welfare-campaigns/{campaignId}/close", null);
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await closed.Content.ReadAsStringAsync());
        var orderId = (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        using (var late = await ChooseAsync(employee, campaignId, (beef[0], 1)))
        {
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        }

        var order = await PlacedAsync(admin, $"/api/orders/{orderId}");
        var wanted = new[] { 0, 1, 2 }.Select(k => people.Sum(p => p.Pattern[k])).ToArray();
        var total = (wanted[0] * 3_000L) + (wanted[1] * 5_000L) + (wanted[2] * 12_000L);
        var subOrders = order.GetProperty("subOrders").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("AwaitingPayment"));
            Assert.That(order.GetProperty("fundingSource").GetString(), Is.EqualTo("WelfareAllowance"));
            Assert.That(subOrders.Select(s => s.GetProperty("supplierId").GetGuid()), Is.EquivalentTo(new[] { yanshan, luxi }));
            Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo(total));
            Assert.That(subOrders, Has.Count.EqualTo(2));
        });

        await PayAsync(Factory, orderId, total);
        await PaidOrders.EventuallyAsync(async () => await UnitPeople.InScopeAsync(Factory, db => db.AssistanceEntries.CountAsync(e => e.OrderId == orderId)) == 3 ? true : (bool?)null);
        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Kind).SingleAsync()), Is.EqualTo(OrderKind.Welfare));
        var entries = await UnitPeople.InScopeAsync(Factory, db => db.AssistanceEntries.Where(e => e.OrderId == orderId).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Channel).Distinct(), Is.EqualTo(new[] { LedgerChannel.Welfare }));
            Assert.That(entries.Select(e => e.Measure).Distinct(), Is.EqualTo(new[] { AssistanceMeasure.DirectPurchase }));
            Assert.That(entries.Sum(e => e.AmountFen), Is.EqualTo(total));
            Assert.That(entries.All(e => e.BuyerUnitId == unit), Is.True);
        });

        using var staff = await UnitPeople.SignInAsync(Factory, "staff@luxi-pear.demo", DemoAccounts.Password);
        var pearSubOrder = subOrders.Single(s => s.GetProperty("supplierId").GetGuid() == luxi);
        var rows = (await staff.GetStringAsync($"/api/suppliers/{luxi}/sub-orders/{pearSubOrder.GetProperty("id").GetGuid()}/packing-list?format=csv&by=person"))
            .TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).ToList();
        var expected = people.Where(p => p.Pattern[2] > 0).Select(p => (p.Department, p.Name, p.Pattern[2])).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(order.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("skuId").GetGuid() == pears[0]).GetProperty("quantity").GetInt32(), Is.EqualTo(wanted[2]));
            Assert.That(rows, Has.Count.EqualTo(expected.Count));
            Assert.That(rows.Select(r => r.Split(',')).Select(c => (c[0], c[1], int.Parse(c[5]))), Is.EquivalentTo(expected));
            Assert.That(rows, Has.Some.StartWith("质检部,职工006,W").And.Some.Contains("B1 袋装,1"));
        });
    }

    [Test]
    public async Task The_deadline_ends_changes_and_the_sweep_places_the_order()
    {
        var (unit, admin, _) = await UnitWithAdminAsync();
        var yanshan = await SupplierAsync(DemoAccounts.YanshanCooperative);
        var beef = await ListingAsync(Factory, yanshan, ProductCategory.Meat, "WD-" + Guid.NewGuid().ToString("N")[..8], 1, true, Sku("A1", 3_000, 100));
        var email = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee);
        using var employee = await UnitPeople.SignInAsync(Factory, email);
        var campaignId = await UnitPeople.InScopeAsync(Factory, async db =>
        {
            var adminId = await db.Memberships.Where(m => m.OrganizationId == unit).OrderBy(m => m.CreatedAt).Select(m => m.UserId).FirstAsync();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var then = DateTime.UtcNow.AddHours(-2);
            var campaign = WelfareCampaign.Publish(unit, "端午福利", Allowance, then.AddHours(1), "总部", Workshop, LeftoverRule.Lapses, [beef[0]], adminId, then);
            db.WelfareCampaigns.Add(campaign);
            db.WelfareChoices.Add(new WelfareChoice(campaign.Id, userId, "测试Employee", "", beef[0], 2, 3_000, then.AddMinutes(5)));
            await db.SaveChangesAsync();
            return campaign.Id;
        });

        using (var late = await ChooseAsync(employee, campaignId, (beef[0], 1)))
        {
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await late.Content.ReadAsStringAsync());
        }

        Assert.That(await Factory.Services.GetRequiredService<WelfareCampaignSweep>().SweepAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(1));
        var campaign = await admin.GetFromJsonAsync<JsonElement>($"/api/units/{unit}/welfare-campaigns/{campaignId}");
        var order = await PlacedAsync(admin, $"/api/orders/{campaign.GetProperty("orderId").GetGuid()}");
        using var again = await admin.PostAsync($"/api/units/{unit}/welfare-campaigns/{campaignId}/close", null);
        Assert.Multiple(async () =>
        {
            Assert.That(campaign.GetProperty("status").GetString(), Is.EqualTo("Closed"));
            Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo(6_000));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.RosterEntries.CountAsync(r => r.OrderId == order.GetProperty("id").GetGuid())), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Only_the_units_admins_and_finance_publish_and_only_its_people_choose()
    {
        var (unit, admin, _) = await UnitWithAdminAsync();
        var yanshan = await SupplierAsync(DemoAccounts.YanshanCooperative);
        var beef = await ListingAsync(Factory, yanshan, ProductCategory.Meat, "WA-" + Guid.NewGuid().ToString("N")[..8], 1, true, Sku("A1", 3_000, 100));
        var unpublished = await ListingAsync(Factory, yanshan, ProductCategory.Meat, "WU-" + Guid.NewGuid().ToString("N")[..8], 1, false, Sku("U1", 3_000, 100));
        using var employee = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee));
        var (otherUnit, otherAdmin, _) = await UnitWithAdminAsync();
        using var outsider = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, otherUnit, OrganizationRole.Employee));

        using var byEmployee = await PostPublishAsync(employee, unit, [beef[0]]);
        using var byOtherAdmin = await PostPublishAsync(otherAdmin, unit, [beef[0]]);
        using var notOnSale = await PostPublishAsync(admin, unit, [unpublished[0]]);
        using var pastDeadline = await PostPublishAsync(admin, unit, [beef[0]], DateTimeOffset.UtcNow.AddMinutes(-1));
        var campaignId = await PublishAsync(admin, unit, [beef[0]]);
        using var outsiderChoice = await ChooseAsync(outsider, campaignId, (beef[0], 1));
        using var outsiderView = await outsider.GetAsync($"/api/welfare/campaigns/{campaignId}");
        using var notInSelection = await ChooseAsync(employee, campaignId, (unpublished[0], 1));
        using var employeeClose = await employee.PostAsync($"/api/units/{unit}/welfare-campaigns/{campaignId}/close", null);
        var mine = await employee.GetFromJsonAsync<JsonElement>("/api/welfare/campaigns");
        Assert.Multiple(async () =>
        {
            Assert.That(byEmployee.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byOtherAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(notOnSale.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(pastDeadline.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(outsiderChoice.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(outsiderView.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(notInSelection.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(employeeClose.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(mine.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()), Is.EqualTo(new[] { campaignId }));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.WelfareCampaigns.CountAsync(c => c.UnitId == unit)), Is.EqualTo(1));
        });
    }

    private async Task<(Guid Unit, HttpClient Admin, string Email)> UnitWithAdminAsync()
    {
        var unit = await UnitPeople.CreateUnitAsync(Factory, "福利测试单位");
        var email = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.UnitAdmin);
        return (unit, await UnitPeople.SignInAsync(Factory, email), email);
    }

    private Task<Guid> SupplierAsync(string name) =>
        UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == name && o.Kind == OrganizationKind.Supplier).Select(o => o.Id).SingleAsync());

    private static Task<HttpResponseMessage> PostPublishAsync(HttpClient client, Guid unit, Guid[] skuIds, DateTimeOffset? deadline = null) =>
        client.PostAsJsonAsync($"/api/units/{unit}/welfare-campaigns", new
        {
            name = "2026年中秋福利自选",
            allowanceFen = Allowance,
            deadline = deadline ?? DateTimeOffset.UtcNow.AddDays(3),
            deliveryLabel = "总部行政楼",
            address = Address,
            leftoverRule = "Lapses",
            skuIds,
        });

    private static async Task<Guid> PublishAsync(HttpClient admin, Guid unit, Guid[] skuIds)
    {
        using var response = await PostPublishAsync(admin, unit, skuIds);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> ChooseAsync(HttpClient client, Guid campaignId, params (Guid SkuId, int Quantity)[] items) =>
        client.PutAsJsonAsync($"/api/welfare/campaigns/{campaignId}/choice", new { items = items.Select(i => new { skuId = i.SkuId, quantity = i.Quantity }) });

    private static List<ChosenItem> Items(int[] pattern, params Guid[] skus) =>
        [.. pattern.Select((q, k) => (q, k)).Where(x => x.q > 0).Select(x => new ChosenItem(skus[x.k], x.q))];
}
