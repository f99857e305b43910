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
        using var callOff = await _purchaser.PostAsJsonAsync($"/api/agreements/{id}/call-offs", new { deliveryId = first, address = Address });
        var order = await SettledAsync(_purchaser, callOff.Headers.Location!.ToString());
        using var overCap = await _purchaser.PostAsJsonAsync($"/api/agreements/{id}/call-offs", new { lines = new[] { new { skuId = sku, quantity = 121 } }, address = Address });
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
        using var callOff = await Forms.PostAsync(_purchaser, "/agreements", $"/agreements?handler=CallOff&agreementId={id}", new Dictionary<string, string>
        {
            ["deliveryId"] = delivery.ToString(),
            ["address.Recipient"] = "刘洋",
            ["address.Phone"] = "13800001234",
            ["address.Region"] = "重庆市江北区",
            ["address.Line"] = "建新东路 1 号",
        });
        var seen = await _purchaser.GetFromJsonAsync<JsonElement>($"/api/agreements/{id}");

        Assert.Multiple(async () =>
        {
            Assert.That(supplierPage, Does.Contain("食堂牛肉干年度协议").And.Contain("确认产能"));
            Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(noAddress.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await noAddress.Content.ReadAsStringAsync(), Does.Contain("form-errors"));
            Assert.That(callOff.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(seen.GetProperty("deliveries")[0].GetProperty("capacityConfirmedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
            Assert.That(seen.GetProperty("deliveries")[0].GetProperty("callOffOrderId").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
            Assert.That(seen.GetProperty("progress").GetProperty("orderedFen").GetInt64(), Is.EqualTo(100_000));
        });
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
