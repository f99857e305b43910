using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Payments;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Payments;

/// <summary>
/// Stripe journeys through the real Stripe.net code against <see cref="FakeStripe"/>: checkout, webhooks signed as
/// Stripe signs them, refunds through Stripe's refund API; and webhooks that must change nothing.
/// </summary>
public sealed class StripePaymentTests : WebAppFixture
{
    private readonly FakeStripe _stripe = FakeStripe.StartAsync().GetAwaiter().GetResult();
    private PaymentShop _shop = null!;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?>(_stripe.Settings) { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task Open() => _shop = await new PaymentShop(Factory).OpenAsync();

    [OneTimeTearDown]
    public void Close()
    {
        _shop.Buyer.Dispose();
        _stripe.Dispose();
    }

    [Test]
    public async Task A_paid_checkout_session_marks_the_order_paid_once()
    {
        var (orderId, total) = await _shop.OrderAsync();
        var started = await CheckoutAsync(orderId);
        var again = await CheckoutAsync(orderId);
        var sessionId = (await _shop.PaymentAsync(started.PaymentId)).ExternalReference!;

        var paid = _stripe.Pay(sessionId);
        using var first = await WebhookAsync(paid);
        using var replay = await WebhookAsync(paid);

        Assert.Multiple(async () =>
        {
            Assert.That(started.Method, Is.EqualTo(PaymentMethod.Stripe));
            Assert.That(started.AmountFen, Is.EqualTo(total));
            Assert.That(started.CheckoutUrl, Does.StartWith("https://checkout.stripe.com/"));
            Assert.That(again.PaymentId, Is.EqualTo(started.PaymentId), "a second click reuses the open session");
            Assert.That(_stripe.Calls.Count(c => c.Path == "/v1/checkout/sessions" && c.IdempotencyKey == $"checkout-{started.PaymentId}"), Is.EqualTo(1));
            Assert.That(_stripe.SessionsOf(orderId), Has.Count.EqualTo(1));
            Assert.That((string?)_stripe.Session(sessionId)["currency"], Is.EqualTo("cny"));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await _shop.OrderStatusAsync(orderId, "Paid"), Is.EqualTo("Paid"));
            var payment = await _shop.PaymentAsync(started.PaymentId);
            Assert.That(payment.Status, Is.EqualTo(PaymentStatus.Succeeded));
            Assert.That(payment.ProviderPaymentId, Does.StartWith("pi_fake_"));
            Assert.That(await _shop.OutboxCountAsync("PaymentSucceeded", orderId), Is.EqualTo(1), "the replayed event added nothing");
        });
    }

    [Test]
    public async Task A_failed_asynchronous_payment_leaves_the_order_waiting_and_a_new_session_can_be_opened()
    {
        var (orderId, _) = await _shop.OrderAsync();
        var started = await CheckoutAsync(orderId);
        var sessionId = (await _shop.PaymentAsync(started.PaymentId)).ExternalReference!;

        using var completedUnpaid = await WebhookAsync(_stripe.Pay(sessionId, asynchronous: true));
        var afterCompleted = await _shop.PaymentAsync(started.PaymentId);
        using var failed = await WebhookAsync(_stripe.AsyncOutcome(sessionId, succeeded: false));
        var next = await CheckoutAsync(orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(completedUnpaid.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterCompleted.Status, Is.EqualTo(PaymentStatus.Pending), "Alipay's confirmation is still on its way");
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await _shop.PaymentAsync(started.PaymentId)).Status, Is.EqualTo(PaymentStatus.Failed));
            Assert.That(next.PaymentId, Is.Not.EqualTo(started.PaymentId));
            Assert.That(await _shop.OrderStatusAsync(orderId, "AwaitingPayment"), Is.EqualTo("AwaitingPayment"));
            Assert.That(await _shop.OutboxCountAsync("PaymentSucceeded", orderId), Is.Zero);
        });
    }

    [Test]
    public async Task An_asynchronous_payment_that_succeeds_later_pays_the_order()
    {
        var (orderId, _) = await _shop.OrderAsync();
        var started = await CheckoutAsync(orderId);
        var sessionId = (await _shop.PaymentAsync(started.PaymentId)).ExternalReference!;

        using var completed = await WebhookAsync(_stripe.Pay(sessionId, asynchronous: true));
        using var succeeded = await WebhookAsync(_stripe.AsyncOutcome(sessionId, succeeded: true));

        Assert.That(await _shop.OrderStatusAsync(orderId, "Paid"), Is.EqualTo("Paid"));
    }

    [Test]
    public async Task An_expired_session_ends_its_attempt_and_the_order_still_waits()
    {
        var (orderId, _) = await _shop.OrderAsync();
        var started = await CheckoutAsync(orderId);
        var sessionId = (await _shop.PaymentAsync(started.PaymentId)).ExternalReference!;

        using var expired = await WebhookAsync(_stripe.Expired(sessionId));

        Assert.Multiple(async () =>
        {
            Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await _shop.PaymentAsync(started.PaymentId)).Status, Is.EqualTo(PaymentStatus.Expired));
            Assert.That(await _shop.OrderStatusAsync(orderId, "AwaitingPayment"), Is.EqualTo("AwaitingPayment"));
        });
    }

    [Test]
    public async Task Cancelling_a_paid_order_refunds_the_payment_through_stripe_once()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 4250, quantity: 3);
        var started = await CheckoutAsync(orderId);
        var sessionId = (await _shop.PaymentAsync(started.PaymentId)).ExternalReference!;
        using var paid = await WebhookAsync(_stripe.Pay(sessionId));
        Assert.That(await _shop.OrderStatusAsync(orderId, "Paid"), Is.EqualTo("Paid"));

        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { reason = "买重了" });
        var refunds = await _shop.RefundsSentAsync(orderId, 1);
        var intent = (string?)_stripe.Session(sessionId)["payment_intent"];
        var stripeRefunds = _stripe.Refunds.Where(r => (string?)r["payment_intent"] == intent).ToList();
        using var updated = await WebhookAsync(_stripe.RefundUpdated((string)stripeRefunds.Single()["id"]!, "succeeded"));

        Assert.Multiple(async () =>
        {
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refunds.Select(r => (r.AmountFen, r.Status, r.Cause)), Is.EqualTo(new[] { (total, RefundStatus.Succeeded, RefundCauses.OrderCancelled) }));
            Assert.That(stripeRefunds.Sum(r => (long)r["amount"]!), Is.EqualTo(total));
            Assert.That(_stripe.Calls.Count(c => c.Path == "/v1/refunds" && c.IdempotencyKey == $"refund-{refunds[0].Id}"), Is.EqualTo(1));
            Assert.That((await _shop.PaymentAsync(started.PaymentId)).RefundedFen, Is.EqualTo(total));
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_payment_that_arrives_after_the_order_was_cancelled_is_refunded_not_lost()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 990, quantity: 1);
        var started = await CheckoutAsync(orderId);
        var sessionId = (await _shop.PaymentAsync(started.PaymentId)).ExternalReference!;
        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { });
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var paidLate = await WebhookAsync(_stripe.Pay(sessionId));
        var refunds = await _shop.RefundsSentAsync(orderId, 1);

        Assert.Multiple(async () =>
        {
            Assert.That(paidLate.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await _shop.PaymentAsync(started.PaymentId)).Status, Is.EqualTo(PaymentStatus.Succeeded));
            Assert.That(refunds.Select(r => (r.AmountFen, r.Status)), Is.EqualTo(new[] { (total, RefundStatus.Succeeded) }));
            Assert.That(await _shop.OrderStatusAsync(orderId, "Cancelled"), Is.EqualTo("Cancelled"));
            Assert.That(await _shop.OutboxCountAsync("PaymentSucceeded", orderId), Is.Zero);
        });
    }

    [Test]
    public async Task Forged_tampered_stale_and_unsigned_webhooks_are_refused_and_change_nothing()
    {
        var (orderId, _) = await _shop.OrderAsync();
        var started = await CheckoutAsync(orderId);
        var sessionId = (await _shop.PaymentAsync(started.PaymentId)).ExternalReference!;
        var paid = _stripe.Pay(sessionId);
        var events = await EventCountAsync();
        var now = DateTimeOffset.UtcNow;

        using var forged = await WebhookAsync(paid, FakeStripe.Sign(paid, now, "whsec_someone_else"));
        var tamperedPayload = paid.Replace("\"amount_total\":", "\"amount_total\":1", StringComparison.Ordinal);
        using var tampered = await WebhookAsync(tamperedPayload, FakeStripe.Sign(paid, now));
        using var stale = await WebhookAsync(paid, FakeStripe.Sign(paid, now.AddMinutes(-6)));
        using var unsigned = await WebhookAsync(paid, "");
        var otherVersion = _stripe.Event("checkout.session.completed", _stripe.Session(sessionId), "2020-08-27");
        using var oldVersion = await WebhookAsync(otherVersion);
        using var notJson = await WebhookAsync("not an event");

        Assert.Multiple(async () =>
        {
            foreach (var refused in new[] { forged, tampered, stale, unsigned, oldVersion, notJson })
            {
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/webhook-rejected"));
                Assert.That(problem.GetProperty("title").GetString(), Does.Contain("Webhook 签名无效").And.Contain("signature invalid"));
            }

            Assert.That((await _shop.PaymentAsync(started.PaymentId)).Status, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(await EventCountAsync(), Is.EqualTo(events));
            Assert.That(await _shop.OutboxCountAsync("PaymentSucceeded", orderId), Is.Zero);
        });
    }

    [Test]
    public async Task An_event_for_a_session_that_is_not_ours_is_acknowledged_and_changes_nothing()
    {
        var foreign = _stripe.Event("checkout.session.completed", new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "cs_test_elsewhere", ["object"] = "checkout.session", ["payment_status"] = "paid", ["amount_total"] = 100, ["currency"] = "cny",
        });
        var payments = await UnitPeople.InScopeAsync(Factory, db => db.Payments.CountAsync(p => p.Status == PaymentStatus.Succeeded));

        using var answer = await WebhookAsync(foreign);

        Assert.Multiple(async () =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Payments.CountAsync(p => p.Status == PaymentStatus.Succeeded)), Is.EqualTo(payments));
        });
    }

    [Test]
    public async Task Only_the_buyer_may_pay_or_read_an_orders_payments()
    {
        var (orderId, _) = await _shop.OrderAsync();
        using var other = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", Marketplace.Web.Demo.DemoAccounts.Password);

        using var foreignPay = await other.PostAsync($"/api/orders/{orderId}/payments/checkout", null);
        using var foreignRead = await other.GetAsync($"/api/orders/{orderId}/payments");
        using var unknown = await _shop.Buyer.PostAsync($"/api/orders/{Guid.CreateVersion7()}/payments/checkout", null);

        Assert.Multiple(async () =>
        {
            Assert.That(foreignPay.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(foreignRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Payments.CountAsync(p => p.OrderId == orderId)), Is.Zero);
        });
    }

    private async Task<CheckoutAnswer> CheckoutAsync(Guid orderId)
    {
        using var response = await _shop.Buyer.PostAsync($"/api/orders/{orderId}/payments/checkout", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CheckoutAnswer>())!;
    }

    private Task<HttpResponseMessage> WebhookAsync(string payload, string? signature = null) => _shop.WebhookAsync(payload, signature);

    private Task<int> EventCountAsync() => UnitPeople.InScopeAsync(Factory, db => db.StripeEvents.CountAsync());

    private sealed record CheckoutAnswer(Guid PaymentId, PaymentMethod Method, long AmountFen, string CheckoutUrl);
}
