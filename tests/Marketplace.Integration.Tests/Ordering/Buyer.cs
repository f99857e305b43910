using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>A signed-in buyer talking to a web host over HTTP, as the storefront's scripts and other programs do.</summary>
internal sealed class Buyer(HttpClient http)
{
    private static readonly object _address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    public async Task<HttpResponseMessage> PlaceAsync(string idempotencyKey, params (Guid SkuId, int Quantity)[] lines)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { lines = lines.Select(l => new { skuId = l.SkuId, quantity = l.Quantity }), address = _address }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await http.SendAsync(request);
    }

    /// <summary>Places an order that the web host must accept (202 with its location); returns its id.</summary>
    public async Task<Guid> SubmitAsync(params (Guid SkuId, int Quantity)[] lines)
    {
        using var response = await PlaceAsync(Guid.NewGuid().ToString("N"), lines);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/orders/{id}"));
        return id;
    }

    /// <summary>A POST with a JSON body (or none) to one of the buyer's own resources.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? http.PostAsync(new Uri(path, UriKind.Relative), null) : http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public async Task<JsonElement> OrderAsync(Guid orderId)
    {
        using var response = await http.GetAsync(new Uri($"/api/orders/{orderId}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

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
