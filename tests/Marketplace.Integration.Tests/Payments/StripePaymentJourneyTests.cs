using System.Net;
using System.Text;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;
using Marketplace.TestWorker;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Integration.Tests.Payments;

/// <summary>
/// Stripe on PostgreSQL + RabbitMQ with the order service as its own process: checkout on the web host, the signed
/// webhook settles the order, the order service marks it paid; a cancellation is refunded through Stripe's refund API
/// by the order service's refund consumer. Stripe itself is <see cref="FakeStripe"/>.
/// </summary>
public sealed class StripePaymentJourneyTests
{
    [Test]
    public async Task A_stripe_payment_pays_the_order_and_a_cancellation_refunds_it_once()
    {
        using var stripe = await FakeStripe.StartAsync();
        await using var cluster = await OrderingCluster.StartAsync(orderServices: 1, webHosts: 1, [.. stripe.Settings.Select(s => (s.Key, s.Value!))]);
        var database = cluster.Database;
        var skus = await database.PublishedListingAsync(("250G", 6800, 20));
        var buyer = await cluster.SignInAsync((await database.BuyersAsync(1)).Single());
        var orderId = await buyer.SubmitAsync((skus["250G"], 2));
        await buyer.OrderWhenAsync(orderId, "AwaitingPayment");

        using var checkout = await buyer.PostAsync($"/api/orders/{orderId}/payments/checkout");
        Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.Created), await checkout.Content.ReadAsStringAsync());
        var session = stripe.SessionsOf(orderId).Single();
        var paid = stripe.Pay((string)session["id"]!);
        using var webhook = new HttpClient { BaseAddress = cluster.WebHosts[0] };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/stripe/webhook") { Content = new StringContent(paid, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", FakeStripe.Sign(paid, DateTimeOffset.UtcNow));
        using var delivered = await webhook.SendAsync(request);
        var order = await buyer.OrderWhenAsync(orderId, "Paid");

        using var cancelled = await buyer.PostAsync($"/api/orders/{orderId}/cancel", new { reason = "买重了" });
        await Eventually.HoldsAsync(
            async () => await database.CountAsync("SELECT COUNT(*) FROM payment_refunds WHERE order_id = @orderId AND status = 'Succeeded'", new { orderId }) == 1,
            "the refund went through Stripe", TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(order.GetProperty("paidFen").GetInt64(), Is.EqualTo(13600));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var refunds = stripe.Refunds.Where(r => (string?)r["payment_intent"] == (string?)stripe.Session((string)session["id"]!)["payment_intent"]).ToList();
            Assert.That(refunds.Sum(r => (long)r["amount"]!), Is.EqualTo(13600));
            Assert.That(stripe.Calls.Count(c => c.Path == "/v1/refunds"), Is.EqualTo(1));
        });
    }
}
