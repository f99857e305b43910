using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Web.Tests.Payments;

/// <summary>Without Stripe keys: the order page's 去支付 opens the test-payment page, whose choices go through the real webhook handler.</summary>
public sealed class TestPaymentPageTests : WebAppFixture
{
    private PaymentShop _shop = null!;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task Open() => _shop = await new PaymentShop(Factory).OpenAsync();

    [OneTimeTearDown]
    public void Close() => _shop.Buyer.Dispose();

    [Test]
    public async Task Pay_on_the_order_page_leads_to_the_labelled_test_page_and_paying_there_pays_the_order()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 3550, quantity: 2);
        var orderPage = await _shop.Buyer.GetStringAsync($"/orders/{orderId}");
        using var pay = await PostAsync($"/orders/{orderId}", $"/orders/{orderId}?handler=Pay", []);
        var testPage = pay.Headers.Location!.OriginalString;
        var html = await _shop.Buyer.GetStringAsync(testPage);

        using var paid = await PostAsync(testPage, testPage, new() { ["choice"] = "Pay" });
        var status = await _shop.OrderStatusAsync(orderId, "Paid");
        var parts = await _shop.Buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}/payments");

        Assert.Multiple(() =>
        {
            Assert.That(orderPage, Does.Contain("去支付"));
            Assert.That(pay.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(testPage, Does.StartWith("/payments/test/"));
            Assert.That(html, Does.Contain("测试支付").And.Contain("Test payment").And.Contain("¥71.00"));
            Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(status, Is.EqualTo("Paid"));
            Assert.That(parts.GetArrayLength(), Is.EqualTo(1));
            Assert.That(parts[0].GetProperty("method").GetString(), Is.EqualTo("TestPayment"));
            Assert.That(parts[0].GetProperty("amountFen").GetInt64(), Is.EqualTo(total));
            Assert.That(parts[0].GetProperty("status").GetString(), Is.EqualTo("Succeeded"));
        });
    }

    [Test]
    public async Task A_failed_test_payment_leaves_the_order_waiting_and_cancelling_a_paid_one_refunds_it()
    {
        var (failedOrder, _) = await _shop.OrderAsync(priceFen: 1200, quantity: 1);
        var failedPage = await CheckoutUrlAsync(failedOrder);
        using var failed = await PostAsync(failedPage, failedPage, new() { ["choice"] = "Fail" });

        var (paidOrder, total) = await _shop.OrderAsync(priceFen: 1200, quantity: 3);
        var paidPage = await CheckoutUrlAsync(paidOrder);
        using var paid = await PostAsync(paidPage, paidPage, new() { ["choice"] = "Pay" });
        Assert.That(await _shop.OrderStatusAsync(paidOrder, "Paid"), Is.EqualTo("Paid"));
        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{paidOrder}/cancel", new { });
        var refunds = await _shop.RefundsSentAsync(paidOrder, 1);

        Assert.Multiple(async () =>
        {
            Assert.That(await _shop.OrderStatusAsync(failedOrder, "AwaitingPayment"), Is.EqualTo("AwaitingPayment"));
            var parts = await _shop.Buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{failedOrder}/payments");
            Assert.That(parts[0].GetProperty("status").GetString(), Is.EqualTo("Failed"));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refunds.Select(r => (r.AmountFen, r.Status)), Is.EqualTo(new[] { (total, RefundStatus.Succeeded) }));
        });
    }

    [Test]
    public async Task Someone_elses_test_payment_is_not_found()
    {
        var (orderId, _) = await _shop.OrderAsync();
        var page = await CheckoutUrlAsync(orderId);
        using var other = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", Marketplace.Web.Demo.DemoAccounts.Password);

        using var answer = await other.GetAsync(page);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task In_production_the_test_payment_page_is_refused_and_there_is_no_checkout_without_stripe()
    {
        await using var production = new MarketplaceWebFactory(new Dictionary<string, string?> { ["environment"] = "Production" });
        var unit = await UnitPeople.CreateUnitAsync(production, "长安汽车");
        var email = await UnitPeople.CreateMemberAsync(production, unit, OrganizationRole.Employee);
        using var buyer = await UnitPeople.SignInAsync(production, email);
        var userId = await UnitPeople.InScopeAsync(production, db => Task.FromResult(db.Users.Single(u => u.Email == email).Id));
        var payment = Payment.Start(Guid.CreateVersion7(), userId, PaymentMethod.TestPayment, 1000, DateTime.UtcNow);
        payment.Open("cs_local_x", $"/payments/test/{payment.Id}");
        await UnitPeople.InScopeAsync(production, db =>
        {
            db.Payments.Add(payment);
            return db.SaveChangesAsync();
        });

        using var page = await Http.GetAsync(buyer, $"/payments/test/{payment.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(production.Services.GetRequiredService<IHostEnvironment>().IsProduction(), Is.True);
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Reconciliation_lists_payments_by_method_and_flags_a_cancelled_order_that_kept_its_money()
    {
        var (paidOrder, paidTotal) = await _shop.OrderAsync(priceFen: 2100, quantity: 1);
        var page = await CheckoutUrlAsync(paidOrder);
        using var paid = await PostAsync(page, page, new() { ["choice"] = "Pay" });
        Assert.That(await _shop.OrderStatusAsync(paidOrder, "Paid"), Is.EqualTo("Paid"));
        var (lostOrder, lostTotal) = await _shop.OrderAsync(priceFen: 1300, quantity: 1);
        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{lostOrder}/cancel", new { });
        Assert.That(await _shop.OrderStatusAsync(lostOrder, "Cancelled"), Is.EqualTo("Cancelled"));
        // The refund consumer handles the cancellation after the order shows it; a part planted before then would be refunded.
        await CancellationRefundHandledAsync(lostOrder);
        // Money that arrived for the cancelled order outside the payments code (so no refund was planned): what the report is for.
        await UnitPeople.InScopeAsync(Factory, db =>
        {
            var part = Payment.Start(lostOrder, db.Orders.Single(o => o.Id == lostOrder).BuyerUserId, PaymentMethod.TestPayment, lostTotal, DateTime.UtcNow);
            part.Open($"cs_local_lost_{lostOrder:N}", "/x");
            part.Succeed("pi_local_lost", DateTime.UtcNow);
            db.Payments.Add(part);
            return db.SaveChangesAsync();
        });
        using var operatorClient = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", Marketplace.Web.Demo.DemoAccounts.Password);

        var report = await operatorClient.GetFromJsonAsync<JsonElement>("/api/operator/payments/reconciliation");
        var csv = await operatorClient.GetStringAsync("/api/operator/payments/reconciliation.csv");
        var html = await operatorClient.GetStringAsync("/operator/payments");
        using var backwards = await operatorClient.GetAsync("/api/operator/payments/reconciliation?from=2026-11-30&to=2026-11-01");

        var orders = report.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("orderId").GetGuid());
        Assert.Multiple(() =>
        {
            Assert.That(orders[paidOrder].GetProperty("mismatches").GetArrayLength(), Is.Zero);
            Assert.That(orders[paidOrder].GetProperty("partsSucceededFen").GetInt64(), Is.EqualTo(paidTotal));
            Assert.That(orders[lostOrder].GetProperty("mismatches").EnumerateArray().Select(m => m.GetString()), Does.Contain("CancelledNotRefunded"));
            Assert.That(report.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("method").GetString()), Does.Contain("TestPayment"));
            Assert.That(csv, Does.Contain("订单号").And.Contain("CancelledNotRefunded"));
            Assert.That(html, Does.Contain("支付对账").And.Contain("已取消但未退款"));
            Assert.That(backwards.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(backwards.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    private async Task CancellationRefundHandledAsync(Guid orderId)
    {
        var consumer = typeof(OrderCancelledRefundConsumer).FullName!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var cancelledAt = await UnitPeople.InScopeAsync(Factory, db => db.Orders.Where(o => o.Id == orderId).Select(o => o.CancelledAt).SingleAsync());
        while (!await UnitPeople.InScopeAsync(Factory, db => db.InboxMessages.AnyAsync(m => m.Consumer == consumer && m.ProcessedAt >= cancelledAt)))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the cancellation's refund consumer never ran");
            await Task.Delay(50);
        }
    }

    private async Task<string> CheckoutUrlAsync(Guid orderId)
    {
        using var response = await _shop.Buyer.PostAsync($"/api/orders/{orderId}/payments/checkout", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutUrl").GetString()!;
    }

    private Task<HttpResponseMessage> PostAsync(string pageUrl, string actionUrl, Dictionary<string, string> fields) =>
        Forms.PostAsync(_shop.Buyer, pageUrl, actionUrl, fields);
}
