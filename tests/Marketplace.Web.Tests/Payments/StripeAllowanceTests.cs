using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Assistance;
using Marketplace.Core.Ordering;
using Marketplace.Core.Payments;
using Marketplace.Core.Welfare;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Payments;

/// <summary>
/// The API's checkout with the welfare allowance first and Stripe Checkout (through <see cref="FakeStripe"/>, real
/// signatures) for the rest; refunds of such an order, and a cancellation while its Checkout Session is still open.
/// The demo employee of 长安汽车 holds ¥300 for 砚山县 and 泸西县 products; the orders are 砚山县 beef.
/// </summary>
public sealed class StripeAllowanceTests : WebAppFixture
{
    private readonly FakeStripe _stripe = FakeStripe.StartAsync().GetAwaiter().GetResult();
    private PaymentShop _shop = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?>(_stripe.Settings)
    {
        ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00", ["Welfare:SweepInterval"] = "01:00:00",
    });

    [OneTimeSetUp]
    public async Task Open() => _shop = await new PaymentShop(Factory).OpenAsync();

    [OneTimeTearDown]
    public void Close()
    {
        _shop.Buyer.Dispose();
        _stripe.Dispose();
    }

    [Test]
    public async Task Allowance_first_and_card_for_the_rest_then_cancelling_refunds_the_card_part_at_stripe_and_the_allowance_to_the_wallet_once()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 4250, quantity: 3);
        var balance = await BalanceAsync();

        var started = await CheckoutAsync(orderId, new { useAllowance = true, allowanceFen = 5_003 });
        var sessionId = (await _shop.PaymentAsync(started.GetProperty("paymentId").GetGuid())).ExternalReference!;
        using var paid = await WebhookAsync(_stripe.Pay(sessionId));
        var status = await _shop.OrderStatusAsync(orderId, "Paid");
        var balanceAfterPaying = await BalanceAsync();
        var ledgerPaid = await LedgerAsync(orderId, 2);

        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { reason = "买重了" });
        var refunds = await RefundsDoneAsync(orderId, 2);
        var ledgerAfter = await LedgerAsync(orderId, 4);
        var card = total - 5_003;

        Assert.Multiple(async () =>
        {
            Assert.That(started.GetProperty("method").GetString(), Is.EqualTo("Stripe"));
            Assert.That(started.GetProperty("amountFen").GetInt64(), Is.EqualTo(card));
            Assert.That(started.GetProperty("allowanceFen").GetInt64(), Is.EqualTo(5_003));
            Assert.That((long)_stripe.Session(sessionId)["amount_total"]!, Is.EqualTo(card), "Stripe is asked for the rest only");
            Assert.That(status, Is.EqualTo("Paid"));
            Assert.That(balanceAfterPaying, Is.EqualTo(balance - 5_003));
            Assert.That(ledgerPaid.Select(e => (e.FundingSource, e.AmountFen)), Is.EquivalentTo(new[] { (FundingSource.WelfareAllowance, 5_003L), (FundingSource.Personal, card) }));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refunds.Select(r => (r.Method, r.AmountFen, r.Status)), Is.EquivalentTo(new[]
            {
                (PaymentMethod.WelfareAllowance, 5_003L, RefundStatus.Succeeded), (PaymentMethod.Stripe, card, RefundStatus.Succeeded),
            }));
            Assert.That(StripeRefundsOf(sessionId), Is.EqualTo(new[] { card }), "Stripe refunds exactly the card part, in fen, once");
            Assert.That(await BalanceAsync(), Is.EqualTo(balance));
            Assert.That(await WalletRefundsAsync(orderId), Is.EqualTo(5_003), "the allowance part is credited once");
            Assert.That(ledgerAfter.GroupBy(e => e.FundingSource).ToDictionary(g => g.Key, g => g.Sum(e => e.AmountFen)), Is.EquivalentTo(new Dictionary<FundingSource, long>
            {
                [FundingSource.WelfareAllowance] = 0, [FundingSource.Personal] = 0,
            }));
        });
    }

    /// <summary>The documented rule (<c>PaymentRefunds.PlanAsync</c>, and the ledger alike): the allowance part is refunded first, then own money.</summary>
    [Test]
    public async Task A_partial_after_sales_refund_returns_the_allowance_part_first_and_the_rest_through_stripe()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 6000, quantity: 2);
        var balance = await BalanceAsync();
        var started = await CheckoutAsync(orderId, new { useAllowance = true, allowanceFen = 2_000 });
        var sessionId = (await _shop.PaymentAsync(started.GetProperty("paymentId").GetGuid())).ExternalReference!;
        using var paid = await WebhookAsync(_stripe.Pay(sessionId));
        Assert.That(await _shop.OrderStatusAsync(orderId, "Paid"), Is.EqualTo("Paid"));
        var lineId = await UnitPeople.InScopeAsync(Factory, db => db.OrderLines.Where(l => l.OrderId == orderId).Select(l => l.Id).SingleAsync());

        using var opened = await _shop.Buyer.PostAsJsonAsync(
            $"/api/orders/{orderId}/after-sales", new { lineId, kind = "RefundOnly", quantity = 1, amountFen = 3_501, reason = "一袋漏气" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var requestId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var staff = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        var supplierId = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
        using var agreed = await staff.PostAsync($"/api/suppliers/{supplierId}/after-sales/{requestId}/agree", null);
        var refunds = await RefundsDoneAsync(orderId, 2);
        var ledger = await LedgerAsync(orderId, 4);

        Assert.Multiple(async () =>
        {
            Assert.That(agreed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await agreed.Content.ReadAsStringAsync());
            Assert.That(refunds.Select(r => (r.Method, r.AmountFen, r.Status)), Is.EquivalentTo(new[]
            {
                (PaymentMethod.WelfareAllowance, 2_000L, RefundStatus.Succeeded), (PaymentMethod.Stripe, 1_501L, RefundStatus.Succeeded),
            }));
            Assert.That(StripeRefundsOf(sessionId), Is.EqualTo(new[] { 1_501L }));
            Assert.That(await BalanceAsync(), Is.EqualTo(balance), "the whole allowance part went back first");
            Assert.That(ledger.GroupBy(e => e.FundingSource).ToDictionary(g => g.Key, g => g.Sum(e => e.AmountFen)), Is.EquivalentTo(new Dictionary<FundingSource, long>
            {
                [FundingSource.WelfareAllowance] = 0, [FundingSource.Personal] = total - 2_000 - 1_501,
            }));
        });
    }

    [Test]
    public async Task An_order_the_allowance_covers_is_paid_without_stripe()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 1234, quantity: 1);
        var balance = await BalanceAsync();

        using var answer = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/payments/checkout", new { useAllowance = true });
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(async () =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("allowanceFen").GetInt64(), Is.EqualTo(total));
            Assert.That(await _shop.OrderStatusAsync(orderId, "Paid"), Is.EqualTo("Paid"));
            Assert.That(_stripe.SessionsOf(orderId), Is.Empty);
            Assert.That(await BalanceAsync(), Is.EqualTo(balance - total));
        });
    }

    [Test]
    public async Task Asking_for_an_allowance_that_cannot_pay_or_for_too_much_is_refused_with_nothing_changed()
    {
        using var jialing = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", DemoAccounts.Password);
        var (notEligible, _) = await _shop.OrderAsync(priceFen: 2000, quantity: 1, buyer: jialing);
        var (orderId, _) = await _shop.OrderAsync(priceFen: 900, quantity: 1);
        var balance = await BalanceAsync();

        using var refused = await jialing.PostAsJsonAsync($"/api/orders/{notEligible}/payments/checkout", new { useAllowance = true });
        using var tooMuch = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/payments/checkout", new { useAllowance = true, allowanceFen = 901 });
        using var zero = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/payments/checkout", new { useAllowance = true, allowanceFen = 0 });
        using var notAsked = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/payments/checkout", new { allowanceFen = 100 });
        using var foreign = await jialing.PostAsJsonAsync($"/api/orders/{orderId}/payments/checkout", new { useAllowance = true });

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/allowance-unavailable"));
            Assert.That(problem.GetProperty("title").GetString(), Does.Contain("福利额度不能支付").And.Contain("cannot pay"));
            foreach (var invalid in new[] { tooMuch, zero, notAsked })
            {
                Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("allowanceFen", out _), Is.True);
            }

            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Payments.CountAsync(p => p.OrderId == notEligible || p.OrderId == orderId)), Is.Zero);
            Assert.That(_stripe.SessionsOf(notEligible).Concat(_stripe.SessionsOf(orderId)), Is.Empty);
            Assert.That(await BalanceAsync(), Is.EqualTo(balance));
        });
    }

    [Test]
    public async Task Cancelling_while_the_checkout_session_is_open_expires_it_at_stripe_and_a_late_completion_is_still_refunded()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 3300, quantity: 1);
        var balance = await BalanceAsync();
        var started = await CheckoutAsync(orderId, new { useAllowance = true, allowanceFen = 1_000 });
        var paymentId = started.GetProperty("paymentId").GetGuid();
        var sessionId = (await _shop.PaymentAsync(paymentId)).ExternalReference!;

        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { });
        var ended = await PartAsync(paymentId, PaymentStatus.Expired);
        var sessionStatus = (string?)_stripe.Session(sessionId)["status"];

        // The buyer had the page open and pays anyway (Stripe's expiry raced the payment): the money goes back.
        using var paidLate = await WebhookAsync(_stripe.Pay(sessionId));
        var refunds = await RefundsDoneAsync(orderId, 2);

        Assert.Multiple(async () =>
        {
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ended.Status, Is.EqualTo(PaymentStatus.Expired));
            Assert.That(sessionStatus, Is.EqualTo("expired"));
            Assert.That(_stripe.Calls.Count(c => c.Path == $"/v1/checkout/sessions/{sessionId}/expire" && c.IdempotencyKey == $"expire-{paymentId}"), Is.EqualTo(1));
            Assert.That(await BalanceAsync(), Is.EqualTo(balance), "the allowance part went back, once");
            Assert.That(paidLate.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refunds.Select(r => (r.Method, r.AmountFen, r.Status)), Is.EquivalentTo(new[]
            {
                (PaymentMethod.WelfareAllowance, 1_000L, RefundStatus.Succeeded), (PaymentMethod.Stripe, total - 1_000, RefundStatus.Succeeded),
            }));
            Assert.That(StripeRefundsOf(sessionId), Is.EqualTo(new[] { total - 1_000 }));
            Assert.That(await _shop.OrderStatusAsync(orderId, "Cancelled"), Is.EqualTo("Cancelled"));
            Assert.That(await _shop.OutboxCountAsync("PaymentSucceeded", orderId), Is.Zero);
        });
    }

    [Test]
    public async Task A_session_completed_just_before_the_cancel_is_left_to_its_completion_event_which_refunds_it()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 2100, quantity: 1);
        var started = await CheckoutAsync(orderId, new { });
        var paymentId = started.GetProperty("paymentId").GetGuid();
        var sessionId = (await _shop.PaymentAsync(paymentId)).ExternalReference!;
        var completed = _stripe.Pay(sessionId);

        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { });
        await WaitAsync(() => _stripe.Calls.Any(c => c.Path == $"/v1/checkout/sessions/{sessionId}" && c.Method == "GET"));
        var pending = await _shop.PaymentAsync(paymentId);
        using var arrives = await WebhookAsync(completed);
        var refunds = await RefundsDoneAsync(orderId, 1);

        Assert.Multiple(() =>
        {
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(pending.Status, Is.EqualTo(PaymentStatus.Pending), "Stripe refused to expire a completed session; the part waits for its event");
            Assert.That((string?)_stripe.Session(sessionId)["status"], Is.EqualTo("complete"));
            Assert.That(refunds.Select(r => (r.Method, r.AmountFen, r.Status)), Is.EqualTo(new[] { (PaymentMethod.Stripe, total, RefundStatus.Succeeded) }));
            Assert.That(StripeRefundsOf(sessionId), Is.EqualTo(new[] { total }));
        });
    }

    private async Task<JsonElement> CheckoutAsync(Guid orderId, object body)
    {
        using var response = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/payments/checkout", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> WebhookAsync(string payload) => _shop.WebhookAsync(payload);

    /// <summary>The amounts, in fen, of the refunds the fake Stripe server received for the session's PaymentIntent.</summary>
    private long[] StripeRefundsOf(string sessionId)
    {
        var intent = (string?)_stripe.Session(sessionId)["payment_intent"];
        return [.. _stripe.Refunds.Where(r => (string?)r["payment_intent"] == intent).Select(r => (long)r["amount"]!)];
    }

    private Task<long> BalanceAsync() => _shop.BalanceAsync();

    private Task<long> WalletRefundsAsync(Guid orderId) => UnitPeople.InScopeAsync(Factory, db =>
        db.WelfareLedgerEntries.Where(e => e.OrderId == orderId && e.Kind == WelfareEntryKind.Refund).SumAsync(e => e.AmountFen));

    private async Task<Payment> PartAsync(Guid paymentId, PaymentStatus until)
    {
        Payment payment = null!;
        await WaitAsync(async () => (payment = await _shop.PaymentAsync(paymentId)).Status == until);
        return payment;
    }

    private async Task<List<AssistanceEntry>> LedgerAsync(Guid orderId, int count)
    {
        List<AssistanceEntry> entries = [];
        await WaitAsync(async () =>
            (entries = await UnitPeople.InScopeAsync(Factory, db => db.AssistanceEntries.AsNoTracking().Where(e => e.OrderId == orderId).ToListAsync())).Count >= count);
        return entries;
    }

    private async Task<List<PaymentRefund>> RefundsDoneAsync(Guid orderId, int count)
    {
        List<PaymentRefund> refunds = [];
        await WaitAsync(async () => (refunds = await _shop.RefundsAsync(orderId)).Count >= count && refunds.All(r => r.Status == RefundStatus.Succeeded));
        return refunds;
    }

    private static Task WaitAsync(Func<bool> done) => WaitAsync(() => Task.FromResult(done()));

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
