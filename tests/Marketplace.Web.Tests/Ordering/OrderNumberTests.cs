using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Ordering;
using Marketplace.Web.Ordering;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Payments;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Ordering;

/// <summary>Order numbers are the China date and eight random digits, unique: a number taken the same day is drawn again.</summary>
public sealed class OrderNumberTests : WebAppFixture
{
    private readonly ScriptedRandom _random = new();
    private PaymentShop _shop = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(
        new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" },
        services => services.AddSingleton(new OrderNumbers(_random)));

    [OneTimeSetUp]
    public async Task Open() => _shop = await new PaymentShop(Factory).OpenAsync();

    [OneTimeTearDown]
    public void Close() => _shop.Buyer.Dispose();

    [Test]
    public async Task A_taken_number_is_drawn_again_and_when_every_draw_is_taken_the_answer_is_a_clear_503_with_nothing_stored()
    {
        _random.Script(41_000_001);
        var (first, _) = await _shop.OrderAsync();
        var taken = await NumberAsync(first);

        _random.Script(41_000_001, 41_000_001, 41_000_001, 41_000_002);
        var (retried, _) = await _shop.OrderAsync();

        var skuId = await UnitPeople.InScopeAsync(Factory, db => db.OrderLines.Where(l => l.OrderId == first).Select(l => l.SkuId).SingleAsync());
        var key = Guid.NewGuid().ToString("N");
        _random.Script(Enumerable.Repeat(41_000_001, PlaceOrder.MaxNumberAttempts).ToArray());
        using var refused = await PlaceAsync(skuId, key);
        var stored = await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.IdempotencyKey == key));

        _random.Script(41_000_003);
        using var again = await PlaceAsync(skuId, key);

        Assert.Multiple(async () =>
        {
            Assert.That(taken, Does.EndWith("41000001"));
            Assert.That(await NumberAsync(retried), Is.EqualTo(taken[..8] + "41000002"), "three taken numbers were drawn again");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/service-unavailable"));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("订单号"));
            Assert.That(stored, Is.Zero);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the same key works once a number is free");
        });
    }

    private Task<string> NumberAsync(Guid orderId) =>
        UnitPeople.InScopeAsync(Factory, db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Number).SingleAsync());

    private async Task<HttpResponseMessage> PlaceAsync(Guid skuId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                lines = new[] { new { skuId, quantity = 1 } },
                address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号" },
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await _shop.Buyer.SendAsync(request);
    }

    /// <summary>Gives the scripted draws first, then random ones.</summary>
    private sealed class ScriptedRandom : Random
    {
        private readonly ConcurrentQueue<int> _next = new();

        public void Script(params int[] values)
        {
            _next.Clear();
            foreach (var value in values)
            {
                _next.Enqueue(value);
            }
        }

        public override int Next(int minValue, int maxValue) => _next.TryDequeue(out var value) ? value : Shared.Next(minValue, maxValue);
    }
}
