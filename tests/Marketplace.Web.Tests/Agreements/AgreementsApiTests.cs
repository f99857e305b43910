using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Agreements;
using Marketplace.Core.Catalog;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Agreements;

/// <summary>Framework agreements over HTTP with the demo unit 长安汽车 and the demo supplier 砚山县鑫源养殖专业合作社.</summary>
public sealed class AgreementsApiTests : WebAppFixture
{
    private static readonly object Address = new { recipient = "刘洋", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    private HttpClient _purchaser = null!;
    private HttpClient _yanshanStaff = null!;
    private HttpClient _luxiStaff = null!;
    private Guid _yanshan;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _yanshan = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
        _purchaser = await UnitPeople.SignInAsync(Factory, "purchaser@changan.demo", DemoAccounts.Password);
        _yanshanStaff = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        _luxiStaff = await UnitPeople.SignInAsync(Factory, "staff@luxi-pear.demo", DemoAccounts.Password);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in new[] { _purchaser, _yanshanStaff, _luxiStaff })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task The_unit_agrees_the_supplier_confirms_and_call_offs_pay_the_locked_price_within_the_cap()
    {
        var sku = await SkuAsync(52000, 1000);
        var today = ChinaCalendar.DateOf(DateTime.UtcNow);
        using var created = await _purchaser.PostAsJsonAsync("/api/agreements", new
        {
            title = "冬季工装采购协议",
            supplierId = _yanshan,
            capFen = 15_360_000,
            validFrom = today.AddDays(-1),
            validTo = today.AddMonths(6),
            items = new[] { new { skuId = sku, unitPriceFen = 48000 } },
            deliveries = new[] { new { dueOn = today.AddDays(10), skuId = sku, quantity = 200 }, new { dueOn = today.AddDays(40), skuId = sku, quantity = 120 } },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreement = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = agreement.GetProperty("id").GetGuid();
        var first = agreement.GetProperty("deliveries")[0].GetProperty("id").GetGuid();

        using var confirmed = await _yanshanStaff.PostAsync($"/api/agreements/{id}/deliveries/{first}/confirm", null);
        using var luxiSees = await _luxiStaff.GetAsync($"/api/agreements/{id}");
        using var callOff = await CallOffAsync(_purchaser, id, Guid.NewGuid().ToString("N"), new { deliveryId = first, address = Address });
        var order = await SettledAsync(_purchaser, callOff.Headers.Location!.ToString());
        using var overCap = await CallOffAsync(_purchaser, id, Guid.NewGuid().ToString("N"), new { lines = new[] { new { skuId = sku, quantity = 121 } }, address = Address });
        var problem = await overCap.Content.ReadFromJsonAsync<JsonElement>();
        var seen = await _yanshanStaff.GetFromJsonAsync<JsonElement>($"/api/agreements/{id}");

        Assert.Multiple(() =>
        {
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(luxiSees.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(callOff.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(order.GetProperty("lines")[0].GetProperty("unitPriceFen").GetInt64(), Is.EqualTo(48000));
            Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo(9_600_000));
            Assert.That((int)overCap.StatusCode, Is.EqualTo(409));
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/agreement-cap-exceeded"));
            Assert.That(seen.GetProperty("progress").GetProperty("orderedFen").GetInt64(), Is.EqualTo(9_600_000));
            Assert.That(seen.GetProperty("deliveries")[0].GetProperty("capacityConfirmedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Bad_agreements_and_call_offs_are_refused_and_store_nothing()
    {
        var sku = await SkuAsync(52000, 10);
        var today = ChinaCalendar.DateOf(DateTime.UtcNow);
        var before = await UnitPeople.InScopeAsync(Factory, db => db.Set<ProcurementAgreement>().CountAsync());
        using var noItems = await _purchaser.PostAsJsonAsync("/api/agreements", new { title = "协议", supplierId = _yanshan, capFen = 100, validFrom = today, validTo = today, items = Array.Empty<object>() });
        using var backwards = await _purchaser.PostAsJsonAsync("/api/agreements", new
        {
            title = "协议", supplierId = _yanshan, capFen = 100, validFrom = today, validTo = today.AddDays(-1), items = new[] { new { skuId = sku, unitPriceFen = 10 } },
        });
        using var overCap = await _purchaser.PostAsJsonAsync("/api/agreements", new
        {
            title = "协议", supplierId = _yanshan, capFen = 100, validFrom = today, validTo = today.AddDays(9),
            items = new[] { new { skuId = sku, unitPriceFen = 10 } }, deliveries = new[] { new { dueOn = today.AddDays(1), skuId = sku, quantity = 11 } },
        });
        using var bySupplier = await _yanshanStaff.PostAsJsonAsync("/api/agreements", new
        {
            title = "协议", supplierId = _yanshan, capFen = 100, validFrom = today, validTo = today.AddDays(9), items = new[] { new { skuId = sku, unitPriceFen = 10 } },
        });

        Assert.Multiple(async () =>
        {
            Assert.That(noItems.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(backwards.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(overCap.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(overCap.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(bySupplier.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Set<ProcurementAgreement>().CountAsync()), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task On_the_page_the_supplier_confirms_capacity_and_the_purchaser_calls_off_a_delivery()
    {
        var sku = await SkuAsync(52000, 1000);
        var today = ChinaCalendar.DateOf(DateTime.UtcNow);
        using var created = await _purchaser.PostAsJsonAsync("/api/agreements", new
        {
            title = "食堂牛肉干年度协议", supplierId = _yanshan, capFen = 1_000_000, validFrom = today, validTo = today.AddMonths(3),
            items = new[] { new { skuId = sku, unitPriceFen = 5000 } }, deliveries = new[] { new { dueOn = today.AddDays(7), skuId = sku, quantity = 20 } },
        });
        var agreement = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = agreement.GetProperty("id").GetGuid();
        var delivery = agreement.GetProperty("deliveries")[0].GetProperty("id").GetGuid();

        var supplierPage = await _yanshanStaff.GetStringAsync("/agreements");
        using var confirm = await Forms.PostAsync(_yanshanStaff, "/agreements", $"/agreements?handler=Confirm&agreementId={id}&deliveryId={delivery}", new Dictionary<string, string>());
        using var noAddress = await Forms.PostAsync(_purchaser, "/agreements", $"/agreements?handler=CallOff&agreementId={id}", new Dictionary<string, string> { ["deliveryId"] = delivery.ToString() });
        var form = new Dictionary<string, string>
        {
            ["deliveryId"] = delivery.ToString(),
            ["idempotencyKey"] = Guid.NewGuid().ToString("N"),
            ["address.Recipient"] = "刘洋",
            ["address.Phone"] = "13800001234",
            ["address.Region"] = "重庆市江北区",
            ["address.Line"] = "建新东路 1 号",
        };
        using var callOff = await Forms.PostAsync(_purchaser, "/agreements", $"/agreements?handler=CallOff&agreementId={id}", form);
        using var again = await Forms.PostAsync(_purchaser, "/agreements", $"/agreements?handler=CallOff&agreementId={id}", form);
        var seen = await _purchaser.GetFromJsonAsync<JsonElement>($"/api/agreements/{id}");
        var orders = await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.AgreementId == id));

        Assert.Multiple(async () =>
        {
            Assert.That(supplierPage, Does.Contain("食堂牛肉干年度协议").And.Contain("确认产能"));
            Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(noAddress.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await noAddress.Content.ReadAsStringAsync(), Does.Contain("form-errors"));
            Assert.That(callOff.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the same form submitted twice finds the first call-off");
            Assert.That(orders, Is.EqualTo(1));
            Assert.That(seen.GetProperty("deliveries")[0].GetProperty("capacityConfirmedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
            Assert.That(seen.GetProperty("deliveries")[0].GetProperty("callOffOrderId").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
            Assert.That(seen.GetProperty("progress").GetProperty("orderedFen").GetInt64(), Is.EqualTo(100_000));
        });
    }

    [Test]
    public async Task A_call_off_needs_a_key_and_the_same_key_never_makes_a_second_one()
    {
        var sku = await SkuAsync(52000, 1000);
        var id = await AgreeAsync(_purchaser, null, sku);
        var body = new { lines = new[] { new { skuId = sku, quantity = 10 } }, address = Address };

        using var noKey = await _purchaser.PostAsJsonAsync($"/api/agreements/{id}/call-offs", body);
        using var first = await CallOffAsync(_purchaser, id, "winter-coats-1", body);
        using var again = await CallOffAsync(_purchaser, id, "winter-coats-1", body);
        using var other = await CallOffAsync(_purchaser, id, "winter-coats-1", new { lines = new[] { new { skuId = sku, quantity = 11 } }, address = Address });
        var reused = await other.Content.ReadFromJsonAsync<JsonElement>();
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        var againId = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();

        Assert.Multiple(async () =>
        {
            Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(againId, Is.EqualTo(firstId));
            Assert.That((int)other.StatusCode, Is.EqualTo(422));
            Assert.That(reused.GetProperty("type").GetString(), Does.EndWith("/idempotency-key-reused"));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.AgreementId == id)), Is.EqualTo(1));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Set<ProcurementAgreement>().Where(a => a.Id == id).Select(a => a.CommittedFen).SingleAsync()), Is.EqualTo(480_000));
        });
    }

    [Test]
    public async Task The_operator_agrees_for_the_group_and_a_member_units_purchaser_calls_off_for_the_unit()
    {
        using var @operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        var sku = await SkuAsync(52000, 1000);
        var (group, changan) = await UnitPeople.InScopeAsync(Factory, async db => (
            await db.Organizations.Where(o => o.Kind == Marketplace.Core.Organizations.OrganizationKind.Group).Select(o => o.Id).SingleAsync(),
            await db.Organizations.Where(o => o.Name == DemoAccounts.Changan).Select(o => o.Id).SingleAsync()));
        var id = await AgreeAsync(@operator, group, sku);

        var listed = await _purchaser.GetFromJsonAsync<JsonElement>("/api/agreements");
        using var callOff = await CallOffAsync(_purchaser, id, Guid.NewGuid().ToString("N"), new { lines = new[] { new { skuId = sku, quantity = 5 } }, address = Address });
        var order = await SettledAsync(_purchaser, callOff.Headers.Location!.ToString());
        var unit = await UnitPeople.InScopeAsync(Factory, db => db.Orders.Where(o => o.AgreementId == id).Select(o => o.BuyerUnitId).SingleAsync());
        using var bySupplier = await CallOffAsync(_yanshanStaff, id, Guid.NewGuid().ToString("N"), new { lines = new[] { new { skuId = sku, quantity = 5 } }, address = Address });

        Assert.Multiple(() =>
        {
            Assert.That(listed.EnumerateArray().Any(a => a.GetProperty("id").GetGuid() == id && a.GetProperty("ofGroup").GetBoolean()), Is.True);
            Assert.That(callOff.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo(240_000));
            Assert.That(unit, Is.EqualTo(changan));
            Assert.That(bySupplier.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task The_page_form_agrees_prices_typed_in_yuan_and_reports_bad_input_without_storing()
    {
        var sku = await SkuAsync(52000, 1000);
        var today = ChinaCalendar.DateOf(DateTime.UtcNow);
        var page = await _purchaser.GetStringAsync($"/agreements/new?supplierId={_yanshan}");
        var form = new Dictionary<string, string>
        {
            ["Form.SupplierId"] = _yanshan.ToString(),
            ["Form.Title"] = "页面签订的工装协议",
            ["Form.CapYuan"] = "153,600",
            ["Form.ValidFrom"] = today.ToString("yyyy-MM-dd"),
            ["Form.ValidTo"] = today.AddMonths(4).ToString("yyyy-MM-dd"),
            [$"Form.Prices[{sku}]"] = "480.50",
            ["Form.Schedule[0].DueOn"] = today.AddDays(20).ToString("yyyy-MM-dd"),
            ["Form.Schedule[0].SkuId"] = sku.ToString(),
            ["Form.Schedule[0].Quantity"] = "160",
        };
        var bad = new Dictionary<string, string>(form) { ["Form.CapYuan"] = "很多", [$"Form.Prices[{sku}]"] = "4.805" };
        using var refused = await Forms.PostAsync(_purchaser, $"/agreements/new?supplierId={_yanshan}", "/agreements/new", bad);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        var stored = await UnitPeople.InScopeAsync(Factory, db => db.Set<ProcurementAgreement>().CountAsync(a => a.Title == "页面签订的工装协议"));
        using var created = await Forms.PostAsync(_purchaser, $"/agreements/new?supplierId={_yanshan}", "/agreements/new", form);
        var agreement = await UnitPeople.InScopeAsync(Factory, db => db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries)
            .SingleAsync(a => a.Title == "页面签订的工装协议"));

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("工装棉服").And.Contain("Form.Prices["));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refusedHtml, Does.Contain("金额上限须为正数").And.Contain("每个商品规格须有锁定的正数价格").And.Not.Contain("Null"));
            Assert.That(stored, Is.Zero);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(agreement.CapFen, Is.EqualTo(15_360_000));
            Assert.That(agreement.Items.Single().UnitPriceFen, Is.EqualTo(48_050));
            Assert.That(agreement.Deliveries.Single().Quantity, Is.EqualTo(160));
        });
    }

    private static Task<HttpResponseMessage> CallOffAsync(HttpClient client, Guid agreementId, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/agreements/{agreementId}/call-offs") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    /// <summary>¥153,600 for the SKU at a locked ¥480, valid from yesterday for six months, for <paramref name="buyer"/> (null: the caller's unit).</summary>
    private async Task<Guid> AgreeAsync(HttpClient client, Guid? buyer, Guid sku)
    {
        var today = ChinaCalendar.DateOf(DateTime.UtcNow);
        using var created = await client.PostAsJsonAsync("/api/agreements", new
        {
            title = "冬季工装采购协议", buyerOrganizationId = buyer, supplierId = _yanshan, capFen = 15_360_000, validFrom = today.AddDays(-1), validTo = today.AddMonths(6),
            items = new[] { new { skuId = sku, unitPriceFen = 48000 } },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> SettledAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = await client.GetFromJsonAsync<JsonElement>(location);
            if (order.GetProperty("status").GetString() != "Submitted" || DateTime.UtcNow > deadline)
            {
                return order;
            }

            await Task.Delay(50);
        }
    }

    private Task<Guid> SkuAsync(long priceFen, int stock) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Id == _yanshan);
        var listing = Listing.Create(
            supplier, "532622",
            new ListingDetails("T" + Guid.NewGuid().ToString("N")[..10], "工装棉服", "砚山", ProductCategory.Meat, "冬季工装", 1, 180, "全国"),
            [new SkuDraft("L", "L 码", 1500, null, null, priceFen, null, stock, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Skus.Single().Id;
    });
}
