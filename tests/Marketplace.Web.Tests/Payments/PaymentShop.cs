using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Payments;

/// <summary>Orders awaiting payment, placed through the API by a demo employee, and what the payments side stored for them.</summary>
internal sealed class PaymentShop(MarketplaceWebFactory factory)
{
    private static readonly object Address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    public HttpClient Buyer { get; private set; } = null!;

    public async Task<PaymentShop> OpenAsync()
    {
        Buyer = await UnitPeople.SignInAsync(factory, "employee@changan.demo", DemoAccounts.Password);
        return this;
    }

    /// <summary>An order of <paramref name="quantity"/> × ¥<paramref name="priceFen"/>/100, once the order service placed it.</summary>
    public async Task<(Guid Id, long TotalFen)> OrderAsync(long priceFen = 6800, int quantity = 2, HttpClient? buyer = null, string fundingSource = "Personal", string? poNumber = null)
    {
        buyer ??= Buyer;
        var skuId = await UnitPeople.InScopeAsync(factory, async db =>
        {
            var now = DateTime.UtcNow;
            var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.YanshanCooperative && o.Kind == OrganizationKind.Supplier);
            var listing = Listing.Create(
                supplier, "532622",
                new ListingDetails("P" + Guid.NewGuid().ToString("N")[..10], "文山牛肉干", "砚山黄牛", ProductCategory.Meat, "草饲黄牛", 1, 180, "全国"),
                [new SkuDraft("250G", "250G 袋装", 250, null, null, priceFen, null, 100, [])], now);
            listing.Submit(true, true, now);
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing.Skus.Single().Id;
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { skuId, quantity } }, address = Address, fundingSource, poNumber }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var placed = await buyer.SendAsync(request);
        Assert.That(placed.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted), await placed.Content.ReadAsStringAsync());
        var location = placed.Headers.Location!.ToString();
        var order = await StatusAsync(location, "AwaitingPayment", buyer);
        return (order.GetProperty("id").GetGuid(), order.GetProperty("totalFen").GetInt64());
    }

    public async Task<JsonElement> StatusAsync(string location, string until, HttpClient? reader = null)
    {
        reader ??= Buyer;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = await reader.GetFromJsonAsync<JsonElement>(location);
            if (order.GetProperty("status").GetString() == until || DateTime.UtcNow > deadline)
            {
                return order;
            }

            await Task.Delay(50);
        }
    }

    public async Task<string> OrderStatusAsync(Guid orderId, string until, HttpClient? reader = null) =>
        (await StatusAsync($"/api/orders/{orderId}", until, reader)).GetProperty("status").GetString()!;

    public Task<Payment> PaymentAsync(Guid paymentId) =>
        UnitPeople.InScopeAsync(factory, db => db.Payments.AsNoTracking().SingleAsync(p => p.Id == paymentId));

    public Task<List<PaymentRefund>> RefundsAsync(Guid orderId) =>
        UnitPeople.InScopeAsync(factory, db => db.PaymentRefunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());

    /// <summary>Waits until every refund of the order has left Pending (the refund consumer ran).</summary>
    public async Task<List<PaymentRefund>> RefundsSentAsync(Guid orderId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var refunds = await RefundsAsync(orderId);
            if ((refunds.Count >= count && refunds.All(r => r.Status != RefundStatus.Pending)) || DateTime.UtcNow > deadline)
            {
                return refunds;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Posts <paramref name="payload"/> to the webhook as Stripe does, signed with the fake's secret unless <paramref name="signature"/> is given.</summary>
    public Task<HttpResponseMessage> WebhookAsync(string payload, string? signature = null)
    {
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? FakeStripe.Sign(payload, DateTimeOffset.UtcNow));
        return client.SendAsync(request);
    }

    /// <summary>What is left in the welfare wallets of the demo employee of 长安汽车.</summary>
    public Task<long> BalanceAsync() => UnitPeople.InScopeAsync(factory, async db =>
    {
        var userId = await db.Users.Where(u => u.Email == "employee@changan.demo").Select(u => u.Id).SingleAsync();
        return await db.WelfareWallets.Where(w => w.UserId == userId).SumAsync(w => w.BalanceFen);
    });

    public Task<int> OutboxCountAsync(string messageType, Guid orderId) => UnitPeople.InScopeAsync(factory, db =>
        db.OutboxMessages.CountAsync(m => m.MessageType.Contains(messageType) && m.Body.Contains(orderId.ToString())));
}
