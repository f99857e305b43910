using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>A signed-in buyer talking to a web host over HTTP, as the storefront's scripts and other programs do.</summary>
internal sealed class Buyer(HttpClient http)
{
    private static readonly object _address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    /// <summary>Signs in on <paramref name="webHost"/> with a bearer token, as a program signs in; the caller disposes the client.</summary>
    public static async Task<(Buyer Buyer, HttpClient Client)> SignInAsync(Uri webHost, string email)
    {
        var client = new HttpClient { BaseAddress = webHost, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("/api/account/login", new { email, password = OrderingSeed.Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (new Buyer(client), client);
    }

    /// <summary>The delivery address every test order goes to, as the API takes it.</summary>
    public static object Address => _address;

    public Task<HttpResponseMessage> PlaceAsync(string idempotencyKey, params (Guid SkuId, int Quantity)[] lines) =>
        PostAsync("/api/orders", new { lines = lines.Select(l => new { skuId = l.SkuId, quantity = l.Quantity }), address = _address }, idempotencyKey);

    /// <summary>Places an order that the web host must accept (202 with its location); returns its id.</summary>
    public Task<Guid> SubmitAsync(params (Guid SkuId, int Quantity)[] lines) => AcceptedAsync(PlaceAsync(Guid.NewGuid().ToString("N"), lines));

    /// <summary>A unit member's collective order on the unit's procurement funds, which the web host must accept; returns its id.</summary>
    public Task<Guid> SubmitForUnitAsync(params (Guid SkuId, int Quantity)[] lines) => AcceptedAsync(PostAsync(
        "/api/orders",
        new { lines = lines.Select(l => new { skuId = l.SkuId, quantity = l.Quantity }), address = _address, fundingSource = "UnitProcurement" },
        Guid.NewGuid().ToString("N")));

    /// <summary>A POST with a JSON body and an Idempotency-Key.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PutAsync(string path, object body) => http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);

    /// <summary>A GET that must answer 200; its JSON.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<Guid> AcceptedAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/orders/{id}"));
        return id;
    }

    /// <summary>A POST with a JSON body (or none) to one of the buyer's own resources.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? http.PostAsync(new Uri(path, UriKind.Relative), null) : http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public Task<JsonElement> OrderAsync(Guid orderId) => GetAsync($"/api/orders/{orderId}");

    /// <summary>Reads the order until the order service has moved it to <paramref name="status"/>.</summary>
    public async Task<JsonElement> OrderWhenAsync(Guid orderId, string status)
    {
        var order = default(JsonElement);
        await Eventually.HoldsAsync(async () =>
        {
            order = await OrderAsync(orderId);
            return order.GetProperty("status").GetString() == status;
        }, $"order {orderId} is {status}", TimeSpan.FromSeconds(60));
        return order;
    }
}
