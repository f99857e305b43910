using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Catalog;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Ordering;

/// <summary>The ordering pages over HTTP as a browser uses them: cart, checkout, my orders, the order page, the supplier's and operator's pages.</summary>
public sealed partial class OrderingPagesTests : WebAppFixture
{
    private Guid _changanId;
    private Guid _luxiId;
    private HttpClient _luxiStaff = null!;
    private HttpClient _yanshanStaff = null!;
    private HttpClient _operator = null!;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _changanId = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.Changan).Select(o => o.Id).SingleAsync());
        _luxiId = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.LuxiPearFirm).Select(o => o.Id).SingleAsync());
        _luxiStaff = await UnitPeople.SignInAsync(Factory, "staff@luxi-pear.demo", DemoAccounts.Password);
        _yanshanStaff = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _luxiStaff.Dispose();
        _yanshanStaff.Dispose();
        _operator.Dispose();
    }

    [Test]
    public async Task The_cart_shows_todays_prices_tier_prices_and_problems_and_holds_back_checkout()
    {
        using var buyer = await NewEmployeeAsync();
        var skus = await ListingAsync(minimum: 1, ("5KG", 8800, 50, [new VolumeTier(10, 7900)]), ("10KG", 16000, 1, []));
        await PutAsync(buyer, skus["5KG"], 10);
        await PutAsync(buyer, skus["10KG"], 3);

        var html = await buyer.GetStringAsync("/cart");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("泸西高原梨"));
            Assert.That(html, Does.Contain("¥79.00").And.Contain("¥790.00"), "The volume-tier price for 10 pieces.");
            Assert.That(html, Does.Contain("<s>¥88.00</s>"));
            Assert.That(html, Does.Contain("库存不足"));
            Assert.That(html, Does.Match("<button type=\"button\" class=\"button button--primary\" disabled>去结算</button>"));
            Assert.That(html, Does.Contain("购物车 (13)"), "The header counts the cart.");
        });

        using var zero = await PostFormAsync(buyer, "/cart", "/cart?handler=Quantity", new() { ["skuId"] = skus["10KG"].ToString(), ["quantity"] = "0" });
        Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await zero.Content.ReadAsStringAsync(), Does.Contain("数量须在 1"));
        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.CartItems.Where(i => i.SkuId == skus["10KG"]).Select(i => i.Quantity).SingleAsync()), Is.EqualTo(3));

        using var lower = await PostFormAsync(buyer, "/cart", "/cart?handler=Quantity", new() { ["skuId"] = skus["10KG"].ToString(), ["quantity"] = "1" });
        Assert.That(lower.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        html = await buyer.GetStringAsync("/cart");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("库存不足"));
            Assert.That(html, Does.Contain("href=\"/checkout\""));
            Assert.That(html, Does.Contain("¥950.00"), "790 + 160.");
        });

        using var remove = await PostFormAsync(buyer, "/cart", "/cart?handler=Remove", new() { ["skuId"] = skus["10KG"].ToString() });
        Assert.That(await CartCountAsync(buyer), Is.EqualTo(1));
    }

    [Test]
    public async Task A_line_below_the_minimum_order_is_flagged()
    {
        using var buyer = await NewEmployeeAsync();
        var skus = await ListingAsync(minimum: 5, ("5KG", 8800, 50, []));
        await PutAsync(buyer, skus["5KG"], 2);

        var html = await buyer.GetStringAsync("/cart");
        Assert.That(html, Does.Contain("未达起订量").And.Contain("起订量 5 件"));
        using var checkout = await buyer.GetAsync("/checkout");
        Assert.That(checkout.Headers.Location?.OriginalString, Is.EqualTo("/cart"));
    }

    [Test]
    public async Task Checkout_posted_twice_with_the_same_key_makes_one_order_and_reaches_awaiting_payment()
    {
        using var buyer = await NewEmployeeAsync();
        var skus = await ListingAsync(minimum: 1, ("5KG", 8800, 50, []));
        await PutAsync(buyer, skus["5KG"], 2);

        var page = await buyer.GetStringAsync("/checkout");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("value=\"Personal\"").And.Contain("value=\"WelfareAllowance\""));
            Assert.That(page, Does.Not.Contain("value=\"UnitProcurement\"").And.Not.Contain("value=\"UnionFund\""), "An employee may not spend unit funds.");
        });
        var fields = CheckoutFields(page);
        using var first = await PostAsync(buyer, "/checkout", fields);
        using var second = await PostAsync(buyer, "/checkout", fields);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await first.Content.ReadAsStringAsync());
        var location = first.Headers.Location!.OriginalString;
        Assert.Multiple(async () =>
        {
            Assert.That(location, Does.Match("^/orders/[0-9a-f-]{36}$"));
            Assert.That(second.Headers.Location?.OriginalString, Is.EqualTo(location));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.IdempotencyKey == fields["Input.IdempotencyKey"])), Is.EqualTo(1));
            Assert.That(await CartCountAsync(buyer), Is.EqualTo(0));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.SavedAddresses.CountAsync(a => db.Orders.Any(o => o.IdempotencyKey == fields["Input.IdempotencyKey"] && o.BuyerUserId == a.UserId))), Is.EqualTo(1), "Saved once.");
        });

        var html = await SettledPageAsync(buyer, location);
        Assert.Multiple(async () =>
        {
            Assert.That(html, Does.Contain("待付款").And.Contain("¥176.00").And.Contain("泸西高原梨"));
            Assert.That(html, Does.Contain("取消订单"));
            Assert.That(html, Does.Contain("下单成功"), "The timeline.");
            Assert.That(await buyer.GetStringAsync("/orders"), Does.Contain(location));
        });
    }

    [Test]
    public async Task Bad_checkout_input_re_renders_with_field_errors_and_writes_nothing()
    {
        using var buyer = await NewEmployeeAsync();
        var skus = await ListingAsync(minimum: 1, ("5KG", 8800, 50, []));
        await PutAsync(buyer, skus["5KG"], 1);
        var fields = CheckoutFields(await buyer.GetStringAsync("/checkout"));
        fields["Input.Phone"] = "12345";
        fields["Input.Recipient"] = "";
        fields["Input.FundingSource"] = "UnitProcurement";
        var before = await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync());

        using var response = await PostAsync(buyer, "/checkout", fields);
        var html = await response.Content.ReadAsStringAsync();
        fields["Input.Phone"] = "13800001234";
        fields["Input.Recipient"] = "王芳";
        using var unitFunds = await PostAsync(buyer, "/checkout", fields);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("field-validation-error").And.Contain("手机"), html);
            Assert.That(html, Does.Contain("data-valmsg-for=\"Input.Recipient\""));
            Assert.That(unitFunds.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await unitFunds.Content.ReadAsStringAsync(), Does.Contain("field-validation-error"));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync()), Is.EqualTo(before));
            Assert.That(await CartCountAsync(buyer), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_price_change_after_the_page_was_shown_is_shown_before_anything_is_ordered()
    {
        using var buyer = await NewEmployeeAsync();
        var skus = await ListingAsync(minimum: 1, ("5KG", 8800, 50, []));
        await PutAsync(buyer, skus["5KG"], 2);
        var fields = CheckoutFields(await buyer.GetStringAsync("/checkout"));
        await UnitPeople.InScopeAsync(Factory, async db =>
        {
            var listing = await db.Listings.Include(l => l.Skus).SingleAsync(l => l.Skus.Any(s => s.Id == skus["5KG"]));
            listing.SetSkus([new SkuDraft("5KG", "5KG 箱装", 5000, null, null, 7000, null, 50, [])], 10, true, DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        using var changed = await PostAsync(buyer, "/checkout", fields);
        var html = await changed.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("价格有变化，新的合计为 ¥140.00"));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.IdempotencyKey == fields["Input.IdempotencyKey"])), Is.Zero);
        });

        fields["Input.ShownTotalFen"] = ShownTotalInput().Match(html).Groups[1].Value;
        fields["__RequestVerificationToken"] = Forms.AntiforgeryToken(html);
        using var placed = await PostAsync(buyer, "/checkout", fields);
        Assert.That(placed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var order = await SettledPageAsync(buyer, placed.Headers.Location!.OriginalString);
        Assert.That(order, Does.Contain("¥140.00").And.Contain("待付款"));
    }

    [Test]
    public async Task Someone_elses_order_page_is_not_found_but_operators_read_it_and_find_it()
    {
        using var buyer = await NewEmployeeAsync();
        using var other = await NewEmployeeAsync();
        var (location, number) = await PlaceThroughPagesAsync(buyer, 1);

        using var foreign = await other.GetAsync(location);
        using var cancelForeign = await PostFormAsync(other, "/cart", location + "?handler=Cancel", new());
        var operatorView = await _operator.GetStringAsync(location);
        var search = await _operator.GetStringAsync($"/operator/orders?number={number}&unitId={_changanId}");
        var api = await _operator.GetFromJsonAsync<JsonElement>($"/api/operator/orders?number={number}");
        var none = await _operator.GetStringAsync($"/operator/orders?number={number}&status=Completed");

        Assert.Multiple(() =>
        {
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(cancelForeign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(operatorView, Does.Contain(number).And.Not.Contain("取消订单"));
            Assert.That(search, Does.Contain($"href=\"{location}\"").And.Contain("长安汽车"));
            Assert.That(api.GetArrayLength(), Is.EqualTo(1));
            Assert.That(api[0].GetProperty("number").GetString(), Is.EqualTo(number));
            Assert.That(none, Does.Not.Contain($"href=\"{location}\"").And.Contain("没有符合条件的订单"));
        });
    }

    [Test]
    public async Task The_supplier_accepts_ships_in_parts_and_prints_the_packing_list_and_the_buyer_confirms_receipt()
    {
        using var buyer = await NewEmployeeAsync();
        var (location, number) = await PlaceThroughPagesAsync(buyer, 3);
        var orderId = Guid.Parse(location["/orders/".Length..]);
        await PayAsync(orderId);
        var subOrder = await UnitPeople.InScopeAsync(Factory, db => db.SubOrders.Where(s => s.OrderId == orderId).Select(s => new { s.Id, s.Number }).SingleAsync());
        await EventuallyStatusAsync(subOrder.Id, SubOrderStatus.AwaitingAcceptance);

        var list = await _luxiStaff.GetStringAsync("/supplier/orders?status=AwaitingAcceptance");
        Assert.That(list, Does.Contain(subOrder.Number).And.Contain("接单"));
        using var accept = await PostFormAsync(_luxiStaff, "/supplier/orders", $"/supplier/orders?handler=Accept&subOrderId={subOrder.Id}", new());
        Assert.That(accept.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var lineId = await UnitPeople.InScopeAsync(Factory, db => db.OrderLines.Where(l => l.SubOrderId == subOrder.Id).Select(l => l.Id).SingleAsync());
        using var noCarrier = await PostFormAsync(_luxiStaff, "/supplier/orders", $"/supplier/orders?handler=Ship&subOrderId={subOrder.Id}",
            new() { ["carrier"] = "", ["trackingNumber"] = "SF100", ["lineId"] = lineId.ToString(), ["quantity"] = "1" });
        Assert.That(await noCarrier.Content.ReadAsStringAsync(), Does.Contain("快递公司"));
        using var part = await PostFormAsync(_luxiStaff, "/supplier/orders", $"/supplier/orders?handler=Ship&subOrderId={subOrder.Id}",
            new() { ["carrier"] = "顺丰速运", ["trackingNumber"] = "SF1001", ["lineId"] = lineId.ToString(), ["quantity"] = "1" });
        using var rest = await PostFormAsync(_luxiStaff, "/supplier/orders", $"/supplier/orders?handler=Ship&subOrderId={subOrder.Id}",
            new() { ["carrier"] = "顺丰速运", ["trackingNumber"] = "SF1002", ["lineId"] = lineId.ToString(), ["quantity"] = "2" });
        Assert.That(new[] { part.StatusCode, rest.StatusCode }, Is.All.EqualTo(HttpStatusCode.Redirect));

        var packing = await _luxiStaff.GetStringAsync($"/supplier/orders/{subOrder.Id}/packing-list");
        using var foreignPacking = await _yanshanStaff.GetAsync($"/supplier/orders/{subOrder.Id}/packing-list");
        var orderPage = await buyer.GetStringAsync(location);
        Assert.Multiple(() =>
        {
            Assert.That(packing, Does.Contain("装箱单").And.Contain(subOrder.Number).And.Contain("王芳").And.Contain("泸西高原梨").And.Contain("装箱人签字"));
            Assert.That(foreignPacking.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(orderPage, Does.Contain("SF1001").And.Contain("SF1002").And.Contain("已发货").And.Contain("确认收货"));
        });

        using var confirm = await PostFormAsync(buyer, location, $"{location}?handler=Confirm&subOrderId={subOrder.Id}", new());
        Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await buyer.GetStringAsync(location), Does.Contain("已完成").And.Contain("已确认收货。"));
    }

    private async Task<HttpClient> NewEmployeeAsync()
    {
        var email = await UnitPeople.CreateMemberAsync(Factory, _changanId, OrganizationRole.Employee);
        return await UnitPeople.SignInAsync(Factory, email);
    }

    private async Task<(string Location, string Number)> PlaceThroughPagesAsync(HttpClient buyer, int quantity)
    {
        var skus = await ListingAsync(minimum: 1, ("5KG", 8800, 50, []));
        await PutAsync(buyer, skus["5KG"], quantity);
        using var placed = await PostAsync(buyer, "/checkout", CheckoutFields(await buyer.GetStringAsync("/checkout")));
        var location = placed.Headers.Location!.OriginalString;
        await SettledPageAsync(buyer, location);
        var orderId = Guid.Parse(location["/orders/".Length..]);
        return (location, await UnitPeople.InScopeAsync(Factory, db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Number).SingleAsync()));
    }

    private static Dictionary<string, string> CheckoutFields(string page) => new()
    {
        ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        ["Input.IdempotencyKey"] = KeyInput().Match(page).Groups[1].Value,
        ["Input.ShownTotalFen"] = ShownTotalInput().Match(page).Groups[1].Value,
        ["Input.SavedAddressId"] = "",
        ["Input.Recipient"] = "王芳",
        ["Input.Phone"] = "13800001234",
        ["Input.Region"] = "重庆市渝北区",
        ["Input.Line"] = "空港大道 8 号",
        ["Input.SaveAddress"] = "true",
        ["Input.FundingSource"] = "Personal",
        ["Input.InvoiceTitle"] = "",
        ["Input.Note"] = "工作日送货",
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields) =>
        await client.PostAsync(url, new FormUrlEncodedContent(fields));

    /// <summary>Takes the client's antiforgery token from <paramref name="pageUrl"/>, then posts the form to <paramref name="actionUrl"/>.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string actionUrl, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = Forms.AntiforgeryToken(await client.GetStringAsync(pageUrl));
        return await client.PostAsync(actionUrl, new FormUrlEncodedContent(fields));
    }

    private static async Task PutAsync(HttpClient client, Guid skuId, int quantity)
    {
        using var response = await client.PutAsJsonAsync($"/api/cart/items/{skuId}", new { quantity });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static async Task<int> CartCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("lines").GetArrayLength();

    private static async Task<string> SettledPageAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var html = await client.GetStringAsync(location);
            if (!html.Contains("正在处理", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return html;
            }

            await Task.Delay(50);
        }
    }

    private async Task EventuallyStatusAsync(Guid subOrderId, SubOrderStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await UnitPeople.InScopeAsync(Factory, db => db.SubOrders.Where(s => s.Id == subOrderId).Select(s => s.Status).SingleAsync()) != status)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"The sub-order never became {status}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Payment is the payments feature's; here the test sends the event it will send.</summary>
    private Task PayAsync(Guid orderId) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var total = await db.Orders.Where(o => o.Id == orderId).Select(o => o.TotalFen).SingleAsync();
        db.AddToOutbox(new PaymentSucceeded(orderId, Guid.CreateVersion7(), total, "Test", DateTime.UtcNow), TimeProvider.System);
        return await db.SaveChangesAsync();
    });

    private Task<Dictionary<string, Guid>> ListingAsync(int minimum, params (string Code, long PriceFen, int Stock, VolumeTier[] Tiers)[] skus) =>
        UnitPeople.InScopeAsync(Factory, async db =>
        {
            var now = DateTime.UtcNow;
            var supplier = await db.Organizations.SingleAsync(o => o.Id == _luxiId && o.Kind == OrganizationKind.Supplier);
            var listing = Listing.Create(
                supplier, "532527",
                new ListingDetails("P" + Guid.NewGuid().ToString("N")[..10], "泸西高原梨", "高原梨", ProductCategory.Fruit, "泸西县高原梨，脆甜多汁", minimum, 30, "全国"),
                [.. skus.Select(s => new SkuDraft(s.Code, s.Code + " 箱装", 5000, null, null, s.PriceFen, null, s.Stock, s.Tiers))],
                now);
            listing.Submit(true, true, now);
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing.Skus.ToDictionary(s => s.Code, s => s.Id);
        });

    [GeneratedRegex("name=\"Input.IdempotencyKey\" value=\"([A-Za-z0-9]+)\"")]
    private static partial Regex KeyInput();

    [GeneratedRegex("name=\"Input.ShownTotalFen\" value=\"([0-9]+)\"")]
    private static partial Regex ShownTotalInput();
}
