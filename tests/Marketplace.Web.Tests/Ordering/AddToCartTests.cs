using System.Net;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Ordering;

/// <summary>The product page's add-to-cart form: visitors sign in first, quantities add up, bad ones are explained.</summary>
public sealed class AddToCartTests : WebAppFixture
{
    [Test]
    public async Task A_signed_in_buyer_adds_to_what_the_cart_holds_and_lands_on_the_cart()
    {
        var (listingId, skuId) = await PearsAsync();
        using var buyer = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", DemoAccounts.Password);
        var page = $"/products/{listingId}";
        var action = $"{page}?handler=AddToCart";

        using var first = await Forms.PostAsync(buyer, page, action, new Dictionary<string, string> { ["skuId"] = skuId.ToString(), ["quantity"] = "2" });
        using var second = await Forms.PostAsync(buyer, page, action, new Dictionary<string, string> { ["skuId"] = skuId.ToString(), ["quantity"] = "3" });
        using var zero = await Forms.PostAsync(buyer, page, action, new Dictionary<string, string> { ["skuId"] = skuId.ToString(), ["quantity"] = "0" });
        using var foreign = await Forms.PostAsync(buyer, page, action, new Dictionary<string, string> { ["skuId"] = Guid.CreateVersion7().ToString(), ["quantity"] = "1" });

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(first.Headers.Location?.OriginalString, Is.EqualTo("/cart"));
            Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await zero.Content.ReadAsStringAsync(), Does.Contain("数量须在 1 到"));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.CartItems.Where(i => i.SkuId == skuId).Select(i => i.Quantity).SingleAsync()), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task A_visitor_is_sent_to_sign_in_and_back_to_the_product()
    {
        var (listingId, skuId) = await PearsAsync();
        using var visitor = Factory.CreateBrowserLikeClient();
        var page = $"/products/{listingId}";
        using var response = await Forms.PostAsync(visitor, page, $"{page}?handler=AddToCart", new Dictionary<string, string> { ["skuId"] = skuId.ToString(), ["quantity"] = "1" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Uri.UnescapeDataString(response.Headers.Location!.PathAndQuery), Does.StartWith("/account/login").And.Contain("ReturnUrl=" + page));
    }

    private Task<(Guid ListingId, Guid SkuId)> PearsAsync() => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.LuxiPearFirm && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, "532527",
            new ListingDetails("LX" + Guid.NewGuid().ToString("N")[..10], "泸西高原梨 10kg", "高原梨", ProductCategory.Fruit, "脆甜多汁", 1, 30, "全国"),
            [new SkuDraft("10KG", "10kg 箱装", 10000, null, null, 12800, 14900, 100, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return (listing.Id, listing.Skus.Single().Id);
    });
}
