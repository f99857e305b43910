using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Core.Payments;
using Stripe;

namespace Marketplace.Web.Payments;

/// <summary>What the buyer chose on the test-payment page; each becomes the event Stripe would send.</summary>
public enum TestPaymentChoice
{
    Pay,
    Fail,
    Expire,
}

/// <summary>
/// Builds the events Stripe sends for a Checkout Session, in Stripe's shape and API version, and signs them as Stripe
/// does (<c>t=…,v1=HMAC-SHA256(secret, "{t}.{payload}")</c>), so the test-payment page goes through the real webhook code.
/// </summary>
public static class TestPaymentEvents
{
    public static string SessionIdOf(Guid paymentId) => $"cs_local_{paymentId:N}";

    public static string Build(Payment payment, TestPaymentChoice choice, DateTimeOffset now)
    {
        var (type, paymentStatus, status) = choice switch
        {
            TestPaymentChoice.Pay => (EventTypes.CheckoutSessionCompleted, "paid", "complete"),
            TestPaymentChoice.Fail => (EventTypes.CheckoutSessionAsyncPaymentFailed, "unpaid", "complete"),
            _ => (EventTypes.CheckoutSessionExpired, "unpaid", "expired"),
        };
        var session = new JsonObject
        {
            ["id"] = payment.ExternalReference,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["status"] = status,
            ["payment_status"] = paymentStatus,
            ["amount_total"] = payment.AmountFen,
            ["currency"] = "cny",
            ["client_reference_id"] = payment.OrderId.ToString(),
            ["payment_intent"] = choice == TestPaymentChoice.Pay ? $"pi_local_{payment.Id:N}" : null,
            ["metadata"] = new JsonObject { ["payment_id"] = payment.Id.ToString(), ["order_id"] = payment.OrderId.ToString() },
        };
        return new JsonObject
        {
            ["id"] = $"evt_local_{Guid.CreateVersion7():N}",
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = now.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = session },
        }.ToJsonString();
    }

    public static string Sign(string payload, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signature)}";
    }
}
