using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Catalog;
using Marketplace.Core.Messaging;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Ordering;

/// <summary>Cart, checkout, the order service's decision and fulfilment, through HTTP on the embedded default with the demo users.</summary>
public sealed class OrderingApiTests : WebAppFixture
{
    private static readonly object Address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    private HttpClient _employee = null!;
    private HttpClient _otherEmployee = null!;
    private HttpClient _purchaser = null!;
    private HttpClient _yanshanStaff = null!;
    private HttpClient _luxiStaff = null!;
    private Guid _yanshanId;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _employee = await UnitPeople.SignInAsync(Factory, "employee@changan.demo", DemoAccounts.Password);
        _otherEmployee = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", DemoAccounts.Password);
        _purchaser = await UnitPeople.SignInAsync(Factory, "purchaser@changan.demo", DemoAccounts.Password);
        _yanshanStaff = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        _luxiStaff = await UnitPeople.SignInAsync(Factory, "staff@luxi-pear.demo", DemoAccounts.Password);
        _yanshanId = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in new[] { _employee, _otherEmployee, _purchaser, _yanshanStaff, _luxiStaff })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task An_order_is_accepted_then_placed_by_the_order_service_at_catalog_prices()
    {
        var skus = await ListingAsync(("250G", 6800, 20));
        using var response = await PlaceAsync(_employee, NewKey(), Lines((skus["250G"], 3)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        var order = await SettledAsync(_employee, location);
        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("AwaitingPayment"));
            Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo(20400));
            Assert.That(order.GetProperty("channel").GetString(), Is.EqualTo("EmployeePersonal"));
            Assert.That(order.GetProperty("subOrders").GetArrayLength(), Is.EqualTo(1));
            Assert.That(await StockAsync(skus["250G"]), Is.EqualTo(17));
        });
    }

    [Test]
    public async Task The_same_idempotency_key_never_makes_a_second_order()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        var key = NewKey();
        var body = Lines((skus["A"], 1));
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PlaceAsync(_employee, key, body)));
        var locations = answers.Select(a => a.Headers.Location?.ToString()).Distinct().ToList();

        using var different = await PlaceAsync(_employee, key, Lines((skus["A"], 2)));
        Assert.Multiple(async () =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Accepted));
            Assert.That(locations, Has.Count.EqualTo(1));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.IdempotencyKey == key)), Is.EqualTo(1));
            Assert.That((int)different.StatusCode, Is.EqualTo(422));
            Assert.That(different.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Test]
    public async Task Bad_checkouts_get_field_errors_and_write_nothing()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        var before = await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync());
        using var noKey = await PlaceAsync(_employee, null, Lines((skus["A"], 1)));
        using var zero = await PlaceAsync(_employee, NewKey(), Lines((skus["A"], 0)));
        using var empty = await PlaceAsync(_employee, NewKey(), new { lines = Array.Empty<object>(), address = Address });
        using var badPhone = await PlaceAsync(_employee, NewKey(), new
        {
            lines = new[] { new { skuId = skus["A"], quantity = 1 } },
            address = new { recipient = "李梅", phone = "12345", region = "重庆", line = "x" },
        });

        Assert.Multiple(async () =>
        {
            Assert.That(await Errors(noKey), Does.ContainKey("Idempotency-Key"));
            Assert.That(await Errors(zero), Does.ContainKey("lines[0].Quantity").Or.ContainKey("lines[0].quantity"));
            Assert.That(await Errors(empty), Does.ContainKey("lines"));
            Assert.That(await Errors(badPhone), Does.ContainKey("address.Phone").Or.ContainKey("address.phone"));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync()), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Unit_funds_are_only_for_the_units_purchasers()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        using var employee = await PlaceAsync(_employee, NewKey(), Lines((skus["A"], 1), "UnitProcurement"));
        using var purchaser = await PlaceAsync(_purchaser, NewKey(), Lines((skus["A"], 1), "UnitProcurement"));

        Assert.That(employee.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(purchaser.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var order = await SettledAsync(_purchaser, purchaser.Headers.Location!.ToString());
        Assert.That(order.GetProperty("channel").GetString(), Is.EqualTo("UnitCollective"));
    }

    [Test]
    public async Task An_order_is_not_found_by_anyone_but_its_buyer()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        using var placed = await PlaceAsync(_employee, NewKey(), Lines((skus["A"], 1)));
        var location = placed.Headers.Location!.ToString();
        using var other = await _otherEmployee.GetAsync(location);
        using var cancel = await _otherEmployee.PostAsJsonAsync(location + "/cancel", new { });
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Cancelling_gives_the_stock_back_once()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        using var placed = await PlaceAsync(_employee, NewKey(), Lines((skus["A"], 5)));
        var location = placed.Headers.Location!.ToString();
        await SettledAsync(_employee, location);
        Assert.That(await StockAsync(skus["A"]), Is.EqualTo(15));

        using var cancelled = await _employee.PostAsJsonAsync(location + "/cancel", new { reason = "买错了规格" });
        using var again = await _employee.PostAsJsonAsync(location + "/cancel", new { });
        Assert.Multiple(async () =>
        {
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancelled.Content.ReadAsStringAsync());
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await StockAsync(skus["A"]), Is.EqualTo(20));
        });
    }

    [Test]
    public async Task The_cart_is_kept_on_the_server_and_flags_what_cannot_be_ordered()
    {
        var skus = await ListingAsync(("A", 1000, 20), ("B", 2000, 1));
        using (var put = await _otherEmployee.PutAsJsonAsync($"/api/cart/items/{skus["A"]}", new { quantity = 2 }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        }

        using (await _otherEmployee.PutAsJsonAsync($"/api/cart/items/{skus["B"]}", new { quantity = 3 }))
        using (var unknown = await _otherEmployee.PutAsJsonAsync($"/api/cart/items/{Guid.CreateVersion7()}", new { quantity = 1 }))
        using (var negative = await _otherEmployee.PutAsJsonAsync($"/api/cart/items/{skus["A"]}", new { quantity = -1 }))
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(negative.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using var secondDevice = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", DemoAccounts.Password);
        var cart = await secondDevice.GetFromJsonAsync<JsonElement>("/api/cart");
        var lines = cart.GetProperty("lines").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Count.EqualTo(2));
            Assert.That(lines[0].GetProperty("quantity").GetInt32(), Is.EqualTo(2));
            Assert.That(lines[1].GetProperty("problem").GetString(), Is.EqualTo("NotEnoughStock"));
            Assert.That(cart.GetProperty("canCheckout").GetBoolean(), Is.False);
        });

        using (await _otherEmployee.DeleteAsync($"/api/cart/items/{skus["B"]}"))
        {
        }

        using var placed = await PlaceAsync(_otherEmployee, NewKey(), Lines((skus["A"], 2)));
        var emptied = await _otherEmployee.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.That(emptied.GetProperty("lines").GetArrayLength(), Is.Zero, "ordered SKUs leave the cart");
    }

    [Test]
    public async Task A_paid_order_is_accepted_shipped_in_parts_and_completed_by_the_buyer()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        using var placed = await PlaceAsync(_employee, NewKey(), Lines((skus["A"], 4)));
        var location = placed.Headers.Location!.ToString();
        var order = await SettledAsync(_employee, location);
        var orderId = order.GetProperty("id").GetGuid();
        await PayAsync(orderId, order.GetProperty("totalFen").GetInt64());
        order = await SettledAsync(_employee, location, "Paid");
        var subOrderId = order.GetProperty("subOrders")[0].GetProperty("id").GetGuid();
        var lineId = order.GetProperty("lines")[0].GetProperty("id").GetGuid();
        var subOrders = $"/api/suppliers/{_yanshanId}/sub-orders/{subOrderId}";

        using var foreign = await _luxiStaff.PostAsync(subOrders + "/accept", null);
        using var accepted = await _yanshanStaff.PostAsync(subOrders + "/accept", null);
        using var tooMany = await _yanshanStaff.PostAsJsonAsync(subOrders + "/ship", new { carrier = "顺丰速运", trackingNumber = "SF1", lines = new[] { new { lineId, quantity = 5 } } });
        using var part = await _yanshanStaff.PostAsJsonAsync(subOrders + "/ship", new { carrier = "顺丰速运", trackingNumber = "SF1", lines = new[] { new { lineId, quantity = 1 } } });
        using var cancelLate = await _employee.PostAsJsonAsync(location + "/cancel", new { });
        using var rest = await _yanshanStaff.PostAsJsonAsync(subOrders + "/ship", new { carrier = "顺丰速运", trackingNumber = "SF2" });
        using var confirmed = await _employee.PostAsync($"{location}/sub-orders/{subOrderId}/confirm-receipt", null);

        Assert.Multiple(async () =>
        {
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await accepted.Content.ReadAsStringAsync());
            Assert.That(tooMany.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(part.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(cancelLate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(rest.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        var done = await _employee.GetFromJsonAsync<JsonElement>(location);
        Assert.Multiple(() =>
        {
            Assert.That(done.GetProperty("status").GetString(), Is.EqualTo("Completed"));
            Assert.That(done.GetProperty("subOrders")[0].GetProperty("shipments").GetArrayLength(), Is.EqualTo(2));
            Assert.That(done.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("step").GetString()),
                Is.EqualTo(new[] { "Submitted", "Placed", "Paid", "Completed" }));
        });
    }

    [Test]
    public async Task After_sales_a_declined_request_is_escalated_and_the_operators_decision_refunds_the_line()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        using var placed = await PlaceAsync(_employee, NewKey(), Lines((skus["A"], 3)));
        var location = placed.Headers.Location!.ToString();
        var order = await SettledAsync(_employee, location);
        await PayAsync(order.GetProperty("id").GetGuid(), order.GetProperty("totalFen").GetInt64());
        order = await SettledAsync(_employee, location, "Paid");
        var lineId = order.GetProperty("lines")[0].GetProperty("id").GetGuid();

        using var tooMuch = await _employee.PostAsJsonAsync(location + "/after-sales", new { lineId, kind = "RefundOnly", quantity = 1, amountFen = 3001, reason = "梨有磕碰" });
        using var opened = await _employee.PostAsJsonAsync(location + "/after-sales", new { lineId, kind = "RefundOnly", quantity = 1, amountFen = 1000, reason = "一袋漏气" });
        Assert.That(tooMuch.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var requestId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var png = new MultipartFormDataContent { { new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]), "file", "photo.png" } };
        using var text = new MultipartFormDataContent { { new ByteArrayContent("not a picture"u8.ToArray()), "file", "photo.jpg" } };
        using var photo = await _employee.PostAsync($"{location}/after-sales/{requestId}/photos", png);
        using var notPhoto = await _employee.PostAsync($"{location}/after-sales/{requestId}/photos", text);
        Assert.That(photo.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(notPhoto.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));

        var supplierSide = $"/api/suppliers/{_yanshanId}/after-sales/{requestId}";
        using var declined = await _yanshanStaff.PostAsJsonAsync(supplierSide + "/decline", new { reason = "出库时包装完好" });
        using var escalated = await _employee.PostAsync($"{location}/after-sales/{requestId}/escalate", null);
        using var operatorClient = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        using var decided = await operatorClient.PostAsJsonAsync($"/api/operator/after-sales/{requestId}/decide", new { forBuyer = true, reason = "照片显示包装破损" });
        Assert.Multiple(async () =>
        {
            Assert.That(declined.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(escalated.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await decided.Content.ReadAsStringAsync());
        });

        var after = await _employee.GetFromJsonAsync<JsonElement>(location);
        var requests = await _employee.GetFromJsonAsync<JsonElement>(location + "/after-sales");
        Assert.Multiple(async () =>
        {
            Assert.That(after.GetProperty("refundedFen").GetInt64(), Is.EqualTo(1000));
            Assert.That(requests[0].GetProperty("status").GetString(), Is.EqualTo("Refunded"));
            Assert.That(requests[0].GetProperty("photoIds").GetArrayLength(), Is.EqualTo(1));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.OutboxMessages.CountAsync(m => m.MessageType.Contains("OrderRefunded") && m.Body.Contains(after.GetProperty("id").GetGuid().ToString()))), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Someone_elses_saved_address_cannot_be_used_and_nothing_is_ordered()
    {
        var skus = await ListingAsync(("A", 1000, 20));
        using var saved = await _employee.PostAsJsonAsync("/api/addresses", new { label = "公司", address = Address, isDefault = true });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Created), await saved.Content.ReadAsStringAsync());
        var addressId = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var before = await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync());

        using var foreign = await PlaceAsync(_otherEmployee, NewKey(), new { lines = new[] { new { skuId = skus["A"], quantity = 1 } }, savedAddressId = addressId });
        using var own = await PlaceAsync(_employee, NewKey(), new { lines = new[] { new { skuId = skus["A"], quantity = 1 } }, savedAddressId = addressId });

        Assert.Multiple(async () =>
        {
            Assert.That(await Errors(foreign), Does.ContainKey("savedAddressId"));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync()), Is.EqualTo(before + 1));
        });
    }

    [Test]
    public async Task An_unreadable_body_is_a_problem_that_says_where()
    {
        using var unknownEnum = await PlaceAsync(_employee, NewKey(), new { lines = Array.Empty<object>(), fundingSource = "Gold" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("{\"lines\": [", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", NewKey());
        using var broken = await _employee.SendAsync(request);

        var first = await unknownEnum.Content.ReadFromJsonAsync<JsonElement>();
        var second = await broken.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(unknownEnum.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(first.GetProperty("detail").GetString(), Does.Contain("$.fundingSource").And.Contain("无法读取"));
            Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(second.GetProperty("detail").GetString(), Does.Contain("$.lines").And.Contain("JSON"));
        });
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static object Lines((Guid SkuId, int Quantity) line, string fundingSource = "Personal") =>
        new { lines = new[] { new { skuId = line.SkuId, quantity = line.Quantity } }, address = Address, fundingSource };

    private static async Task<HttpResponseMessage> PlaceAsync(HttpClient client, string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private static async Task<JsonElement> SettledAsync(HttpClient client, string location, string until = "AwaitingPayment")
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = await client.GetFromJsonAsync<JsonElement>(location);
            var status = order.GetProperty("status").GetString();
            if (status == until || (status != "Submitted" && until == "AwaitingPayment") || DateTime.UtcNow > deadline)
            {
                return order;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Payment is the payments feature's; here the test sends the event it will send.</summary>
    private Task PayAsync(Guid orderId, long amountFen) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        db.AddToOutbox(new PaymentSucceeded(orderId, Guid.CreateVersion7(), amountFen, "Test", DateTime.UtcNow), TimeProvider.System);
        return await db.SaveChangesAsync();
    });

    private Task<int> StockAsync(Guid skuId) =>
        UnitPeople.InScopeAsync(Factory, db => db.ListingSkus.AsNoTracking().Where(s => s.Id == skuId).Select(s => s.StockSlots.Sum(slot => slot.Pieces)).SingleAsync());

    private Task<Dictionary<string, Guid>> ListingAsync(params (string Code, long PriceFen, int Stock)[] skus) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Id == _yanshanId && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, "532622",
            new ListingDetails("T" + Guid.NewGuid().ToString("N")[..10], "文山牛肉干", "砚山黄牛", ProductCategory.Meat, "草饲黄牛", 1, 180, "全国"),
            [.. skus.Select(s => new SkuDraft(s.Code, s.Code + " 袋装", 250, null, null, s.PriceFen, null, s.Stock, []))],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Skus.ToDictionary(s => s.Code, s => s.Id);
    });
}
