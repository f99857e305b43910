using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Catalog;
using Marketplace.Core.Messaging;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Assistance;

/// <summary>Orders placed through the API and paid with the payment event, so the real consumers write the ledger.</summary>
internal sealed class PaidOrders(MarketplaceWebFactory factory)
{
    public static readonly object Address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    /// <summary>A published listing of the demo Yanshan cooperative (county 532622) with one SKU.</summary>
    public Task<Guid> SkuAsync(long priceFen) => UnitPeople.InScopeAsync(factory, async db =>
    {
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.YanshanCooperative && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, "532622",
            new ListingDetails("T" + Guid.NewGuid().ToString("N")[..10], "文山牛肉干", "砚山黄牛", ProductCategory.Meat, "草饲黄牛", 1, 180, "全国"),
            [new SkuDraft("250G", "250G 袋装", 250, null, null, priceFen, null, 1_000, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Skus.Single().Id;
    });

    public static async Task<HttpResponseMessage> PlaceAsync(HttpClient client, Guid skuId, int quantity, string fundingSource = "Personal", string? campaignCode = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { skuId, quantity } }, address = Address, fundingSource, campaignCode }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return await client.SendAsync(request);
    }

    /// <summary>Places, waits for the order service's pricing, pays, and waits until the ledger has the order; returns its id and total.</summary>
    public async Task<(Guid OrderId, long TotalFen)> PaidAsync(HttpClient client, Guid skuId, int quantity)
    {
        using var placed = await PlaceAsync(client, skuId, quantity);
        Assert.That(placed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await placed.Content.ReadAsStringAsync());
        var location = placed.Headers.Location!.ToString();
        var order = await EventuallyAsync(async () =>
        {
            var o = await client.GetFromJsonAsync<JsonElement>(location);
            return o.GetProperty("status").GetString() == "AwaitingPayment" ? o : (JsonElement?)null;
        });
        var orderId = order.GetProperty("id").GetGuid();
        var total = order.GetProperty("totalFen").GetInt64();
        await UnitPeople.InScopeAsync(factory, async db =>
        {
            db.AddToOutbox(new PaymentSucceeded(orderId, Guid.CreateVersion7(), total, "Test", DateTime.UtcNow), TimeProvider.System);
            return await db.SaveChangesAsync();
        });
        await EventuallyAsync(async () => await UnitPeople.InScopeAsync(factory, db => db.AssistanceEntries.AnyAsync(e => e.OrderId == orderId)) ? true : (bool?)null);
        return (orderId, total);
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "Timed out waiting for the order pipeline.");
            await Task.Delay(50);
        }
    }
}
