using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Approvals;

/// <summary>
/// Unit order approval over HTTP with the demo unit 长安汽车: the admin's rules (≥ ¥100 an approver, ≥ ¥1,000 finance),
/// a purchaser's order held for approval, the approvers' inbox, review, decisions and the buyer's timeline.
/// </summary>
public sealed class ApprovalsTests : WebAppFixture
{
    private static readonly object Address = new { recipient = "刘洋", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    private HttpClient _admin = null!;
    private HttpClient _purchaser = null!;
    private HttpClient _approver = null!;
    private HttpClient _finance = null!;
    private HttpClient _purchasingApprover = null!;
    private Guid _changan;
    private Guid _yanshan;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignInAndSetRules()
    {
        _changan = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.Changan).Select(o => o.Id).SingleAsync());
        _yanshan = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
        _admin = await UnitPeople.SignInAsync(Factory, "admin@changan.demo", DemoAccounts.Password);
        _purchaser = await UnitPeople.SignInAsync(Factory, "purchaser@changan.demo", DemoAccounts.Password);
        _approver = await UnitPeople.SignInAsync(Factory, "approver@changan.demo", DemoAccounts.Password);
        _finance = await UnitPeople.SignInAsync(Factory, "finance@changan.demo", DemoAccounts.Password);
        var both = await UnitPeople.CreateMemberAsync(Factory, _changan, OrganizationRole.UnitPurchaser, OrganizationRole.UnitApprover);
        _purchasingApprover = await UnitPeople.SignInAsync(Factory, both);

        using var set = await _admin.PutAsJsonAsync($"/api/units/{_changan}/approval-rules", new
        {
            levels = new object[] { new { thresholdFen = 10_000, approverRole = "UnitApprover" }, new { thresholdFen = 100_000, approverRole = "UnitFinance" } },
        });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in new[] { _admin, _purchaser, _approver, _finance, _purchasingApprover })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task The_admin_reads_the_rules_and_bad_rules_are_refused_changing_nothing()
    {
        var rules = await _admin.GetFromJsonAsync<JsonElement>($"/api/units/{_changan}/approval-rules");
        var bad = new object[]
        {
            new { levels = new object[] { new { thresholdFen = 50_000, approverRole = "UnitApprover" }, new { thresholdFen = 10_000, approverRole = "UnitFinance" } } },
            new { levels = new object[] { new { thresholdFen = 10_000, approverRole = "Employee" } } },
            new { levels = new object[] { new { thresholdFen = -1, approverRole = "UnitApprover" } } },
            new { levels = Enumerable.Repeat(new { thresholdFen = 0, approverRole = "UnitApprover" }, 6).ToArray() },
            new { levels = (object?)null },
            new { levels = new object?[] { null } },
            new { levels = new object?[] { new { thresholdFen = 1, approverRole = "UnitApprover" }, null } },
        };
        var answers = new List<(HttpStatusCode, string?)>();
        foreach (var body in bad)
        {
            using var response = await _admin.PutAsJsonAsync($"/api/units/{_changan}/approval-rules", body);
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }

        var after = await _admin.GetFromJsonAsync<JsonElement>($"/api/units/{_changan}/approval-rules");
        Assert.Multiple(async () =>
        {
            Assert.That(rules.GetArrayLength(), Is.EqualTo(2));
            Assert.That(rules[1].GetProperty("approverRole").GetString(), Is.EqualTo("UnitFinance"));
            Assert.That(rules[1].GetProperty("thresholdFen").GetInt64(), Is.EqualTo(100_000));
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.BadRequest, "application/problem+json")));
            Assert.That(after.GetRawText(), Is.EqualTo(rules.GetRawText()));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.ApprovalRulesSet && e.SubjectId == _changan.ToString())), Is.EqualTo(2),
                "the demo's rules and this fixture's, nothing for the refused ones");
        });
    }

    [Test]
    public async Task Two_levels_approve_a_large_order_which_then_awaits_payment_and_the_buyer_sees_the_steps()
    {
        var sku = await SkuAsync(2000, 500);
        var order = await PlaceAsync(_purchaser, sku, 60);
        Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("AwaitingApproval"));
        var id = order.GetProperty("id").GetGuid();

        var inboxOfApprover = await _approver.GetFromJsonAsync<JsonElement>("/api/approvals");
        var inboxOfFinance = await _finance.GetFromJsonAsync<JsonElement>("/api/approvals");
        using var first = await _approver.PostAsync($"/api/approvals/{id}/approve", null);
        using var again = await _approver.PostAsync($"/api/approvals/{id}/approve", null);
        using var second = await _finance.PostAsync($"/api/approvals/{id}/approve", null);
        var seen = await _purchaser.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");

        Assert.Multiple(async () =>
        {
            Assert.That(inboxOfApprover.EnumerateArray().Select(i => i.GetProperty("orderId").GetGuid()), Does.Contain(id));
            Assert.That(inboxOfFinance.EnumerateArray().Select(i => i.GetProperty("orderId").GetGuid()), Does.Not.Contain(id));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), await second.Content.ReadAsStringAsync());
            Assert.That(seen.GetProperty("status").GetString(), Is.EqualTo("AwaitingPayment"));
            Assert.That(seen.GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("step").GetString() == "ApprovalApproved"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Nobody_approves_their_own_order_even_holding_the_approving_role()
    {
        var sku = await SkuAsync(2000, 500);
        var order = await PlaceAsync(_purchasingApprover, sku, 10);
        var id = order.GetProperty("id").GetGuid();

        var inbox = await _purchasingApprover.GetFromJsonAsync<JsonElement>("/api/approvals");
        using var own = await _purchasingApprover.PostAsync($"/api/approvals/{id}/approve", null);
        var problem = await own.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(inbox.EnumerateArray().Select(i => i.GetProperty("orderId").GetGuid()), Does.Not.Contain(id));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/approval-own-order"));
            Assert.That(problem.GetProperty("title").GetString(), Does.Contain("不能审批").And.Contain("cannot"));
            Assert.That(await StatusAsync(id), Is.EqualTo("AwaitingApproval"));
        });
    }

    [Test]
    public async Task A_small_unit_order_needs_no_approval()
    {
        var sku = await SkuAsync(2000, 500);
        var order = await PlaceAsync(_purchaser, sku, 4);
        Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("AwaitingPayment"));
    }

    [Test]
    public async Task A_change_re_prices_the_order_and_bad_changes_change_nothing()
    {
        var sku = await SkuAsync(2000, 100);
        var order = await PlaceAsync(_purchaser, sku, 20);
        var id = order.GetProperty("id").GetGuid();
        var line = order.GetProperty("lines")[0].GetProperty("id").GetGuid();

        using var zero = await _approver.PostAsJsonAsync($"/api/approvals/{id}/change", new { lines = new[] { new { lineId = line, quantity = 0 } } });
        using var foreign = await _approver.PostAsJsonAsync($"/api/approvals/{id}/change", new { lines = new[] { new { lineId = Guid.NewGuid(), quantity = 3 } } });
        using var nullLine = await _approver.PostAsJsonAsync($"/api/approvals/{id}/change", new { lines = new object?[] { null } });
        using var tooMany = await _approver.PostAsJsonAsync($"/api/approvals/{id}/change", new { lines = new[] { new { lineId = line, quantity = 121 } } });
        Assert.Multiple(async () =>
        {
            Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(nullLine.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((int)tooMany.StatusCode, Is.EqualTo(422));
            Assert.That((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines").GetProperty(line.ToString()).GetString(), Is.EqualTo("OutOfStock"));
            Assert.That(await StockAsync(sku), Is.EqualTo(80));
        });

        using var fewer = await _approver.PostAsJsonAsync($"/api/approvals/{id}/change", new { lines = new[] { new { lineId = line, quantity = 8 } } });
        var review = await fewer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(fewer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(review.GetProperty("order").GetProperty("totalFen").GetInt64(), Is.EqualTo(8 * 2000));
            Assert.That(review.GetProperty("currentLevel").GetInt32(), Is.EqualTo(1));
            Assert.That(review.GetProperty("decisions")[0].GetProperty("kind").GetString(), Is.EqualTo("Changed"));
            Assert.That(await StockAsync(sku), Is.EqualTo(92));
        });
    }

    [Test]
    public async Task The_approver_rejects_on_the_review_page_and_the_stock_comes_back()
    {
        var sku = await SkuAsync(2000, 100);
        var order = await PlaceAsync(_purchaser, sku, 30);
        var id = order.GetProperty("id").GetGuid();
        var inbox = await _approver.GetStringAsync("/unit/approvals");
        var page = $"/unit/approvals/{id}";

        using var noReason = await Forms.PostAsync(_approver, page, page + "?handler=Reject", new Dictionary<string, string> { ["reason"] = " " });
        var noReasonHtml = await noReason.Content.ReadAsStringAsync();
        using var rejected = await Forms.PostAsync(_approver, page, page + "?handler=Reject", new Dictionary<string, string> { ["reason"] = "本季度预算已用完" });
        var timeline = await _purchaser.GetStringAsync($"/orders/{id}");

        Assert.Multiple(async () =>
        {
            Assert.That(inbox, Does.Contain(order.GetProperty("number").GetString()));
            Assert.That(noReasonHtml, Does.Contain("请填写驳回原因"));
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(await StatusAsync(id), Is.EqualTo("Cancelled"));
            Assert.That(await StockAsync(sku), Is.EqualTo(100));
            Assert.That(timeline, Does.Contain("审批驳回").And.Contain("本季度预算已用完"));
        });
    }

    [Test]
    public async Task The_admin_sets_rules_on_the_page_and_an_unparsable_amount_is_shown_not_stored()
    {
        const string page = "/unit/approval-rules";
        using var bad = await Forms.PostAsync(_admin, page, page, new Dictionary<string, string> { ["Levels[0].Threshold"] = "一百", ["Levels[0].Role"] = "UnitApprover" });
        var html = await bad.Content.ReadAsStringAsync();
        var rules = await _admin.GetFromJsonAsync<JsonElement>($"/api/units/{_changan}/approval-rules");
        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("金额门槛须为"));
            Assert.That(rules.GetArrayLength(), Is.EqualTo(2));
        });
    }

    private async Task<JsonElement> PlaceAsync(HttpClient client, Guid skuId, int quantity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { skuId, quantity } }, address = Address, fundingSource = "UnitProcurement" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
            if (order.GetProperty("status").GetString() != "Submitted" || DateTime.UtcNow > deadline)
            {
                return order;
            }

            await Task.Delay(50);
        }
    }

    private Task<string> StatusAsync(Guid orderId) =>
        UnitPeople.InScopeAsync(Factory, async db => (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId)).Status.ToString());

    private Task<int> StockAsync(Guid skuId) =>
        UnitPeople.InScopeAsync(Factory, db => db.ListingSkus.AsNoTracking().Where(s => s.Id == skuId).Select(s => s.StockSlots.Sum(slot => slot.Pieces)).SingleAsync());

    private Task<Guid> SkuAsync(long priceFen, int stock) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Id == _yanshan);
        var listing = Listing.Create(
            supplier, "532622",
            new ListingDetails("T" + Guid.NewGuid().ToString("N")[..10], "文山牛肉干", "砚山黄牛", ProductCategory.Meat, "草饲黄牛", 1, 180, "全国"),
            [new SkuDraft("A", "A 袋装", 250, null, null, priceFen, null, stock, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Skus.Single().Id;
    });
}
