using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>The demo suppliers' staff signed in, and the calls the listing tests make.</summary>
internal static class SupplierListingClient
{
    public const string YanshanStaff = "staff@yanshan-cattle.demo";
    public const string LuxiStaff = "staff@luxi-pear.demo";

    public static async Task<HttpClient> SignInAsync(MarketplaceWebFactory factory, string email)
    {
        var client = factory.CreateBrowserLikeClient();
        using var response = await Forms.PostAsync(client, "/account/login", "/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = DemoAccounts.Password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{email} could not sign in.");
        return client;
    }

    public static async Task<Guid> SupplierIdAsync(MarketplaceWebFactory factory, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>().Organizations
            .Where(o => o.Kind == OrganizationKind.Supplier && o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static string Listings(Guid supplier) => $"/api/suppliers/{supplier}/listings";

    public static object Sku(string code, long priceFen, int? weightGrams = 5000, int stock = 100, object[]? tiers = null, string spec = "5kg 礼盒装") => new
    {
        code,
        spec,
        weightGrams,
        priceFen,
        referencePriceFen = priceFen + 2000,
        stock,
        volumeTiers = tiers ?? [],
    };

    public static object NewListing(string productCode, params object[] skus) => new
    {
        productCode,
        name = "文山牛肉干",
        brand = "文山牛",
        category = "SpecialtyFoods",
        description = "砚山县合作社农户散养黄牛，手工风干。",
        minimumOrderQuantity = 1,
        shelfLifeDays = 180,
        shippingRegions = "全国（港澳台、新疆、西藏除外）",
        skus = skus.Length == 0 ? [Sku("BEEF-500", 6800)] : skus,
    };

    public static async Task<JsonElement> CreateAsync(HttpClient client, Guid supplier, object listing)
    {
        using var response = await client.PostAsJsonAsync(Listings(supplier), listing);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    public static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response) =>
        (await JsonAsync(response)).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] content, string fileName, string contentType)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync(url, form);
    }

    public static async Task<T> InScopeAsync<T>(MarketplaceWebFactory factory, Func<MarketplaceDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
    }
}
