using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Catalog;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.UnitOrders;

/// <summary>Catalog, address books and requests for the bulk and uniform order tests, written directly through the domain.</summary>
internal static class UnitOrderSeed
{
    public static readonly DeliveryAddress Workshop = new("王建国", "13800001234", "重庆市江北区", "建新东路 1 号", "400020");

    /// <summary>A new unit with one purchaser whose address book has the given labels (the first is the default).</summary>
    public static async Task<(HttpClient Client, Guid UserId)> PurchaserAsync(MarketplaceWebFactory factory, params string[] labels)
    {
        var unit = await UnitPeople.CreateUnitAsync(factory, "采购测试单位");
        var email = await UnitPeople.CreateMemberAsync(factory, unit, OrganizationRole.UnitPurchaser);
        var userId = await UnitPeople.InScopeAsync(factory, async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var now = DateTime.UtcNow;
            for (var i = 0; i < labels.Length; i++)
            {
                var saved = new SavedAddress(user.Id, labels[i], Workshop with { Line = $"建新东路 {i + 1} 号" }, now.AddSeconds(i));
                saved.SetDefault(i == 0);
                db.SavedAddresses.Add(saved);
            }

            await db.SaveChangesAsync();
            return user.Id;
        });
        return (await UnitPeople.SignInAsync(factory, email), userId);
    }

    /// <summary>A published listing of a certified demo supplier; its SKUs in order.</summary>
    public static Task<List<Guid>> ListingAsync(
        MarketplaceWebFactory factory, Guid supplierId, ProductCategory category, string productCode, int minimum, bool publish, params SkuDraft[] skus) =>
        UnitPeople.InScopeAsync(factory, async db =>
        {
            var now = DateTime.UtcNow;
            var supplier = await db.Organizations.SingleAsync(o => o.Id == supplierId && o.Kind == OrganizationKind.Supplier);
            var listing = Listing.Create(
                supplier, "532622",
                new ListingDetails(productCode, category == ProductCategory.Uniforms ? "新疆棉夏季工装" : "文山牛肉干", "砚山", category, "产地直供", minimum,
                    category == ProductCategory.Uniforms ? null : 180, "全国"),
                skus, now);
            if (publish)
            {
                listing.Submit(true, true, now);
            }

            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing.Skus.OrderBy(s => s.Position).Select(s => s.Id).ToList();
        });

    public static SkuDraft Sku(string code, long priceFen, int stock, string? size = null, params VolumeTier[] tiers) =>
        new(code, size is null ? code + " 袋装" : "尺码 " + size, size is null ? 250 : null, null, size, priceFen, null, stock, tiers);

    public static MultipartFormDataContent Form(string kind, string csv, string? poNumber = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
        };
        if (poNumber is not null)
        {
            form.Add(new StringContent(poNumber), "poNumber");
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "sheet.csv");
        return form;
    }

    public static async Task<JsonElement> CheckAsync(HttpClient client, string kind, string csv)
    {
        using var response = await client.PostAsync("/api/unit-orders/check", Form(kind, csv));
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string kind, string csv, string? key = null, string? poNumber = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/unit-orders") { Content = Form(kind, csv, poNumber) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return await client.SendAsync(request);
    }

    /// <summary>The order once the order service has decided it: placed waits for payment (or, with approvals, for approval).</summary>
    public static async Task<JsonElement> PlacedAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var order = await client.GetFromJsonAsync<JsonElement>(location);
            if (order.GetProperty("status").GetString() != "Submitted" || DateTime.UtcNow > deadline)
            {
                return order;
            }

            // A 10,000-line order is a large answer: polling it often would slow the order service it waits for.
            await Task.Delay(500);
        }
    }

    /// <summary>Sends the order's payment and waits until the order service has marked it paid.</summary>
    public static async Task PayAsync(MarketplaceWebFactory factory, Guid orderId, long amountFen)
    {
        await UnitPeople.InScopeAsync(factory, async db =>
        {
            db.AddToOutbox(new PaymentSucceeded(orderId, Guid.CreateVersion7(), amountFen, "Test", DateTime.UtcNow), TimeProvider.System);
            return await db.SaveChangesAsync();
        });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await UnitPeople.InScopeAsync(factory, db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync()) != OrderStatus.Paid)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"Order {orderId} was not marked paid.");
            await Task.Delay(100);
        }
    }
}
