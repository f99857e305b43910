using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Tests.Catalog;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>Made-to-order SKUs (交货期) on the storefront: the lead time instead of a stock badge, on cards, the product page and the API.</summary>
public sealed class MadeToOrderStorefrontTests : WebAppFixture
{
    private HttpClient _client = null!;
    private Guid _uniform;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "false" });

    [OneTimeSetUp]
    public async Task Seed()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            var seed = await StorefrontSeed.CreateAsync(db);
            var now = DateTime.UtcNow;
            var supplier = await db.Organizations.SingleAsync(o => o.Id == seed.Hotan);
            var uniform = Listing.Create(supplier, "653221", new ListingDetails("P-UNIFORM", "和田工装 夏季短袖", null, ProductCategory.Uniforms, "按尺码现做。", 1, null, "全国"),
            [
                new SkuDraft("UNI-L", "夏装短袖 L", null, null, "L", 8560, null, 0, [], LeadTimeDays: 21),
                new SkuDraft("UNI-M", "夏装短袖 M", null, null, "M", 8560, null, 0, [], LeadTimeDays: 14),
                new SkuDraft("UNI-S", "夏装短袖 S", null, null, "S", 8560, null, 0, []),
            ], now);
            uniform.Submit(publishOnApproval: true, autoApprove: true, now);
            db.Listings.Add(uniform);
            await db.SaveChangesAsync();
            _uniform = uniform.Id;
        }

        _client = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client.Dispose();

    [Test]
    public async Task The_api_carries_the_lead_time_of_each_made_to_order_sku_and_the_shortest_on_the_card()
    {
        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/storefront/products/{_uniform}");
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/storefront/products?category=Uniforms");

        var skus = detail.GetProperty("skus").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!);
        var card = list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == _uniform);
        var pear = (await _client.GetFromJsonAsync<JsonElement>("/api/storefront/products?category=Fruit")).GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(skus["UNI-L"].GetProperty("leadTimeDays").GetInt32(), Is.EqualTo(21));
            Assert.That(skus["UNI-M"].GetProperty("leadTimeDays").GetInt32(), Is.EqualTo(14));
            Assert.That(skus["UNI-S"].GetProperty("leadTimeDays").ValueKind, Is.EqualTo(JsonValueKind.Null), "a stock SKU has no lead time");
            Assert.That(skus["UNI-S"].GetProperty("stock").GetString(), Is.EqualTo("OutOfStock"));
            Assert.That(card.GetProperty("madeToOrderDays").GetInt32(), Is.EqualTo(14));
            Assert.That(pear.GetProperty("madeToOrderDays").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task The_pages_say_made_to_order_with_the_days_in_either_language_and_offer_it_to_the_cart_without_stock()
    {
        var page = await _client.GetStringAsync($"/products/{_uniform}");
        var english = await _client.GetStringAsync($"/products/{_uniform}?culture=en&ui-culture=en");
        var list = await _client.GetStringAsync("/products?category=Uniforms");
        var card = list[list.IndexOf("和田工装 夏季短袖", StringComparison.Ordinal)..];
        card = card[..card.IndexOf("</article>", StringComparison.Ordinal)];

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("现做，约21天发货").And.Contain("现做，约14天发货"));
            Assert.That(english, Does.Contain("Made to order, ships in about 21 days"));
            Assert.That(Occurrences(page, "name=\"skuId\""), Is.EqualTo(2), "both made-to-order SKUs go to the cart; the stock SKU without stock does not");
            Assert.That(Occurrences(page, "缺货"), Is.EqualTo(1), "only the stock SKU reads out of stock");
            Assert.That(card, Does.Contain("现做，约14天发货").And.Not.Contain("缺货"));
        });
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
