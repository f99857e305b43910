using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Marketplace.Web.Tests.Infrastructure;
using Npgsql;

namespace Marketplace.Benchmarks.Orders;

/// <summary>
/// One order end to end as buyers and Stripe make it: the buyer submits over HTTP (202), the order service places it,
/// the buyer opens a Checkout Session (the web host calls Stripe), Stripe's signed <c>checkout.session.completed</c>
/// arrives at the webhook, and the round trip ends when the order's ledger entries exist. One watcher polls the
/// database every <see cref="Poll"/> for the orders waiting on the order service, so the buyers do not add a poll each.
/// </summary>
internal sealed class OrderPipeline : IAsyncDisposable
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private static readonly object _address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    private readonly HttpClient _http;
    private readonly string[] _tokens;
    private readonly Guid[] _skus;
    private readonly FakeStripe _stripe;
    private readonly string _database;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<string>> _placing = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _booking = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watcher;

    private OrderPipeline(HttpClient http, string[] tokens, Guid[] skus, FakeStripe stripe, string database)
    {
        _http = http;
        _tokens = tokens;
        _skus = skus;
        _stripe = stripe;
        _database = database;
        _watcher = Task.Run(WatchAsync);
    }

    /// <summary>Signs every buyer in on the web host (as a program signs in) and starts the watcher.</summary>
    public static async Task<OrderPipeline> StartAsync(string webHost, IReadOnlyList<string> buyerEmails, string password, Guid[] skus, FakeStripe stripe, string database)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(webHost), Timeout = TimeSpan.FromSeconds(60) };
        var tokens = new List<string>();
        foreach (var email in buyerEmails)
        {
            using var response = await http.PostAsJsonAsync("/api/account/login", new { email, password });
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Sign-in of {email} answered {(int)response.StatusCode}: {body}");
            }

            tokens.Add(JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!);
        }

        return new OrderPipeline(http, [.. tokens], skus, stripe, database);
    }

    /// <summary>Order number <paramref name="n"/>: one line of one piece of a SKU chosen by the number, by buyer n mod the buyers.</summary>
    public async Task OrderAsync(long n)
    {
        var token = _tokens[n % _tokens.Length];
        var sku = _skus[(int)(n * 7919 % _skus.Length)];
        using var submit = Request(HttpMethod.Post, "/api/orders", token, JsonContent.Create(new { lines = new[] { new { skuId = sku, quantity = 1 } }, address = _address }));
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var orderId = (await SendAsync(submit, HttpStatusCode.Accepted)).GetProperty("orderId").GetGuid();

        var placed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _placing[orderId] = placed;
        var status = await placed.Task.WaitAsync(TimeSpan.FromSeconds(120));
        if (status != "AwaitingPayment")
        {
            throw new InvalidOperationException($"Order {orderId} was {status}, not placed.");
        }

        using var checkout = Request(HttpMethod.Post, $"/api/orders/{orderId}/payments/checkout", token, null);
        var url = (await SendAsync(checkout, HttpStatusCode.Created)).GetProperty("checkoutUrl").GetString()!;
        var paid = _stripe.Pay(url[(url.LastIndexOf('/') + 1)..]);
        var booked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _booking[orderId] = booked;
        using var webhook = Request(HttpMethod.Post, "/api/payments/stripe/webhook", null, new StringContent(paid, Encoding.UTF8, "application/json"));
        webhook.Headers.TryAddWithoutValidation("Stripe-Signature", FakeStripe.Sign(paid, DateTimeOffset.UtcNow));
        using (var answer = await _http.SendAsync(webhook))
        {
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                _booking.TryRemove(orderId, out _);
                throw new InvalidOperationException($"The webhook answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }
        }

        await booked.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watcher;
        _http.Dispose();
        _stop.Dispose();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? JsonDocument.Parse(body).RootElement.Clone()
            : throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Completes the buyers' waits: orders the order service has decided, paid orders whose ledger entries exist.</summary>
    private async Task WatchAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    await connection.OpenAsync();
                }

                var placing = _placing.Keys.ToArray();
                if (placing.Length > 0)
                {
                    foreach (var (id, status) in await connection.QueryAsync<(Guid, string)>(
                        "SELECT id, status FROM orders WHERE id = ANY(@placing) AND status <> 'Submitted'", new { placing }))
                    {
                        if (_placing.TryRemove(id, out var done))
                        {
                            done.TrySetResult(status);
                        }
                    }
                }

                var booking = _booking.Keys.ToArray();
                if (booking.Length > 0)
                {
                    foreach (var id in await connection.QueryAsync<Guid>(
                        "SELECT DISTINCT order_id FROM assistance_entries WHERE order_id = ANY(@booking)", new { booking }))
                    {
                        if (_booking.TryRemove(id, out var done))
                        {
                            done.TrySetResult();
                        }
                    }
                }

                await Task.Delay(Poll, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                Console.WriteLine($"  watcher: {e.Message}; reconnecting");
                await connection.CloseAsync();
            }
        }
    }
}
