using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>
/// A fake of Stripe's servers — Stripe cannot be reached from here. It answers the endpoints the marketplace calls
/// (create, retrieve and expire a Checkout Session; create a refund) as Stripe does, form-encoded in and JSON out,
/// replays the first answer for a repeated Idempotency-Key, and builds and signs webhook events exactly as Stripe
/// does (<c>t=…,v1=HMAC-SHA256(secret, "{t}.{payload}")</c>), so Stripe.net runs unchanged through
/// <c>StripeClientOptions.ApiBase</c>.
/// </summary>
public sealed class FakeStripe : IDisposable
{
    public const string SecretKey = "sk_test_fake_marketplace";
    public const string WebhookSecret = "whsec_fake_marketplace";
    public const string ApiVersion = "2026-10-28.endive";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new();
    private readonly ConcurrentDictionary<string, JsonObject> _refunds = new();
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _idempotent = new();
    private readonly object _gate = new();
    private int _counter;

    private FakeStripe(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Every API call: method, path and its Idempotency-Key.</summary>
    public ConcurrentQueue<(string Method, string Path, string? IdempotencyKey)> Calls { get; } = new();

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:Stripe:SecretKey"] = SecretKey,
        ["Payments:Stripe:WebhookSecret"] = WebhookSecret,
        ["Payments:Stripe:ApiBase"] = Url,
    };

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeStripe(app);
        app.Use(fake.AuthenticateAsync);
        app.MapPost("/v1/checkout/sessions", context => fake.IdempotentAsync(context, form => fake.CreateSession(form)));
        app.MapGet("/v1/checkout/sessions/{id}", context => fake.FindAsync(context, fake._sessions));
        app.MapPost("/v1/checkout/sessions/{id}/expire", context => fake.IdempotentAsync(context, _ => fake.ExpireSession((string)context.Request.RouteValues["id"]!)));
        app.MapPost("/v1/refunds", context => fake.IdempotentAsync(context, form => fake.CreateRefund(form)));
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public JsonObject Session(string id) => _sessions[id];

    public IReadOnlyList<JsonObject> Refunds => [.. _refunds.Values];

    public IReadOnlyList<JsonObject> SessionsOf(Guid orderId) => [.. _sessions.Values.Where(s => (string?)s["client_reference_id"] == orderId.ToString())];

    /// <summary>The buyer pays on the hosted page: the session completes with a PaymentIntent. Returns the event Stripe sends.</summary>
    public string Pay(string sessionId, bool asynchronous = false)
    {
        var session = _sessions[sessionId];
        lock (_gate)
        {
            session["status"] = "complete";
            session["payment_status"] = asynchronous ? "unpaid" : "paid";
            session["payment_intent"] = $"pi_fake_{Next()}";
        }

        return Event("checkout.session.completed", session);
    }

    /// <summary>A bank's later answer for an asynchronous method.</summary>
    public string AsyncOutcome(string sessionId, bool succeeded)
    {
        var session = _sessions[sessionId];
        lock (_gate)
        {
            session["payment_status"] = succeeded ? "paid" : "unpaid";
        }

        return Event(succeeded ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed", session);
    }

    public string Expired(string sessionId)
    {
        ExpireSession(sessionId);
        return Event("checkout.session.expired", _sessions[sessionId]);
    }

    public string RefundUpdated(string refundId, string status)
    {
        var refund = _refunds[refundId];
        lock (_gate)
        {
            refund["status"] = status;
        }

        return Event("refund.updated", refund);
    }

    public string Event(string type, JsonObject data, string? apiVersion = ApiVersion) => new JsonObject
    {
        ["id"] = $"evt_fake_{Next()}",
        ["object"] = "event",
        ["api_version"] = apiVersion,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = data.DeepClone() },
    }.ToJsonString();

    /// <summary>The <c>Stripe-Signature</c> header Stripe sends with <paramref name="payload"/>.</summary>
    public static string Sign(string payload, DateTimeOffset at, string secret = WebhookSecret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public void Dispose() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task AuthenticateAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {SecretKey}")
        {
            await Error(context, 401, "Invalid API Key provided.");
            return;
        }

        await next();
    }

    private async Task IdempotentAsync(HttpContext context, Func<IFormCollection, (int Status, JsonObject Body)> handle)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        Calls.Enqueue((context.Request.Method, context.Request.Path.Value!, key.Length == 0 ? null : key));
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;
        (int Status, string Body) answer;
        lock (_gate)
        {
            answer = key.Length > 0 && _idempotent.TryGetValue(key, out var earlier)
                ? earlier
                : Remember(key, handle(form));
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body);
    }

    private (int, string) Remember(string key, (int Status, JsonObject Body) answer)
    {
        var stored = (answer.Status, answer.Body.ToJsonString());
        if (key.Length > 0)
        {
            _idempotent[key] = stored;
        }

        return stored;
    }

    private async Task FindAsync(HttpContext context, ConcurrentDictionary<string, JsonObject> store)
    {
        Calls.Enqueue((context.Request.Method, context.Request.Path.Value!, null));
        if (!store.TryGetValue((string)context.Request.RouteValues["id"]!, out var found))
        {
            await Error(context, 404, "No such object.");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(found.ToJsonString());
    }

    private (int, JsonObject) CreateSession(IFormCollection form)
    {
        var quantity = long.Parse(form["line_items[0][quantity]"].ToString(), CultureInfo.InvariantCulture);
        var unitAmount = long.Parse(form["line_items[0][price_data][unit_amount]"].ToString(), CultureInfo.InvariantCulture);
        var id = $"cs_test_fake_{Next()}";
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form["mode"].ToString(),
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["amount_total"] = quantity * unitAmount,
            ["currency"] = form["currency"].ToString(),
            ["client_reference_id"] = form["client_reference_id"].ToString(),
            ["expires_at"] = long.Parse(form["expires_at"].ToString(), CultureInfo.InvariantCulture),
            ["success_url"] = form["success_url"].ToString(),
            ["url"] = $"https://checkout.stripe.com/c/pay/{id}",
            ["payment_intent"] = null,
            ["metadata"] = Metadata(form),
        };
        _sessions[id] = session;
        return (200, session);
    }

    private (int, JsonObject) ExpireSession(string id)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return (404, ErrorBody("No such checkout.session."));
        }

        if ((string?)session["status"] != "open")
        {
            return (400, ErrorBody("Only open sessions can be expired."));
        }

        session["status"] = "expired";
        return (200, session);
    }

    private (int, JsonObject) CreateRefund(IFormCollection form)
    {
        var intent = form["payment_intent"].ToString();
        var paid = _sessions.Values.FirstOrDefault(s => (string?)s["payment_intent"] == intent && (string?)s["payment_status"] == "paid");
        if (paid is null)
        {
            return (400, ErrorBody($"No succeeded charge for {intent}."));
        }

        var amount = long.Parse(form["amount"].ToString(), CultureInfo.InvariantCulture);
        var already = _refunds.Values.Where(r => (string?)r["payment_intent"] == intent).Sum(r => (long)r["amount"]!);
        if (amount <= 0 || already + amount > (long)paid["amount_total"]!)
        {
            return (400, ErrorBody("Refund amount is greater than the charge's unrefunded amount."));
        }

        var refund = new JsonObject
        {
            ["id"] = $"re_fake_{Next()}",
            ["object"] = "refund",
            ["amount"] = amount,
            ["currency"] = "cny",
            ["payment_intent"] = intent,
            ["status"] = "succeeded",
            ["metadata"] = Metadata(form),
        };
        _refunds[(string)refund["id"]!] = refund;
        return (200, refund);
    }

    private static JsonObject Metadata(IFormCollection form)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[key["metadata[".Length..^1]] = value.ToString();
        }

        return metadata;
    }

    private static async Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ErrorBody(message).ToJsonString());
    }

    private static JsonObject ErrorBody(string message) => new() { ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["message"] = message } };

    private int Next() => Interlocked.Increment(ref _counter);
}
