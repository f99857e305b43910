using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Marketplace.Core.Catalog;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Web.Tests.Catalog.SupplierListingClient;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>The supplier pages post their forms (with antiforgery tokens) to the same handlers as the API.</summary>
public sealed class SupplierListingPagesTests : WebAppFixture
{
    private HttpClient _staff = null!;
    private Guid _supplierId;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _staff = await SignInAsync(Factory, YanshanStaff);
        _supplierId = await SupplierIdAsync(Factory, DemoAccounts.YanshanCooperative);
    }

    [OneTimeTearDown]
    public void SignOut() => _staff.Dispose();

    [Test]
    public async Task The_create_form_posts_to_its_create_handler()
    {
        var page = await _staff.GetStringAsync("/supplier/listing-edit");
        Assert.That(page, Does.Contain("action=\"/supplier/listing-edit?handler=Create\""));
    }

    [Test]
    public async Task The_create_form_makes_a_draft_then_the_sku_form_adds_a_size_and_the_list_submits_it()
    {
        var code = "PG-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await Forms.PostAsync(_staff, "/supplier/listing-edit", "/supplier/listing-edit?handler=Create", CreateFields(code, "68.80"));

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await created.Content.ReadAsStringAsync());
        var listing = await InScopeAsync(Factory, db => db.Listings.Include(l => l.Skus).SingleAsync(l => l.ProductCode == code));
        Assert.That(created.Headers.Location!.OriginalString, Does.EndWith(listing.Id.ToString()));
        Assert.That(listing.Skus.Single().PriceFen, Is.EqualTo(6880));
        Assert.That(listing.Skus.Single().Code, Is.EqualTo(code + "-1"));

        var editUrl = $"/supplier/listing-edit/{listing.Id}";
        var page = await _staff.GetStringAsync(editUrl);
        Assert.That(page, Does.Contain("文山牛肉干").And.Contain("68.80").And.Contain("草稿"));

        using var skus = await Forms.PostAsync(_staff, editUrl, editUrl + "?handler=Skus", new Dictionary<string, string>
        {
            ["Skus[0].Code"] = code + "-1", ["Skus[0].Spec"] = "500g 袋装", ["Skus[0].WeightGrams"] = "500", ["Skus[0].Price"] = "68.80",
            ["Skus[0].Stock"] = "40", ["Skus[0].IsActive"] = "true", ["Skus[0].Tiers"] = "10:65.00",
            ["Skus[1].Code"] = code + "-2", ["Skus[1].Spec"] = "1kg 礼盒", ["Skus[1].WeightGrams"] = "1000", ["Skus[1].Price"] = "128",
            ["Skus[1].Stock"] = "20", ["Skus[1].IsActive"] = "true",
            ["Skus[2].Code"] = "", ["Skus[2].Spec"] = "", ["Skus[2].Price"] = "",
        });
        Assert.That(skus.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await skus.Content.ReadAsStringAsync());

        using var submitted = await Forms.PostAsync(_staff, "/supplier/listings", "/supplier/listings?handler=Submit", new Dictionary<string, string>
        {
            ["listingId"] = listing.Id.ToString(),
        });
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var after = await InScopeAsync(Factory, db => db.Listings.Include(l => l.Skus).SingleAsync(l => l.Id == listing.Id));
        Assert.That(after.Status, Is.EqualTo(ListingStatus.Submitted));
        Assert.That(after.Skus.OrderBy(s => s.Position).Select(s => s.PriceFen), Is.EqualTo(new long[] { 6880, 12800 }));
        Assert.That(await _staff.GetStringAsync("/supplier/listings"), Does.Contain("审核中").And.Contain(code));
    }

    [Test]
    public async Task A_bad_price_on_the_create_form_shows_the_error_and_writes_nothing()
    {
        var code = "PG-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await Forms.PostAsync(_staff, "/supplier/listing-edit", "/supplier/listing-edit?handler=Create", CreateFields(code, "-5"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("“-5”不是金额"));
        Assert.That(await InScopeAsync(Factory, db => db.Listings.CountAsync(l => l.ProductCode == code)), Is.Zero);
    }

    [Test]
    public async Task The_import_page_lists_every_bad_line_in_a_table()
    {
        var csv = "商品编码,商品名称,品牌,类目,描述,起订量,保质期（天）,配送范围,规格编码,规格,重量（克）,箱规,尺码,价格（元）,参考价（元）,库存,阶梯价,启用\r\n"
            + "PG-X,牛肉,,肉禽蛋,,1,,全国,PG-X-1,1kg,1000,,,abc,,1,,是\r\n"
            + "PG-Y,牛肉,,不存在的类目,,1,,全国,PG-Y-1,1kg,1000,,,10,,1,,是\r\n";
        var page = await _staff.GetStringAsync("/supplier/listing-import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Forms.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "listings.csv");

        using var response = await _staff.PostAsync("/supplier/listing-import?handler=Listings", form);

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("id=\"import-errors\"").And.Contain("data-line=\"2\"").And.Contain("data-line=\"3\"").And.Contain("没有这个类目"));
        Assert.That(await InScopeAsync(Factory, db => db.Listings.CountAsync(l => l.ProductCode.StartsWith("PG-X") || l.ProductCode.StartsWith("PG-Y"))), Is.Zero);
    }

    private static Dictionary<string, string> CreateFields(string code, string price) => new()
    {
        ["Details.Name"] = "文山牛肉干",
        ["Details.Brand"] = "文山牛",
        ["Details.Category"] = "SpecialtyFoods",
        ["Details.Description"] = "砚山县合作社手工风干牛肉",
        ["Details.ProductCode"] = code,
        ["Details.MinimumOrderQuantity"] = "1",
        ["Details.ShelfLifeDays"] = "180",
        ["Details.ShippingRegions"] = "全国",
        ["Skus[0].Spec"] = "500g 袋装",
        ["Skus[0].Code"] = "",
        ["Skus[0].WeightGrams"] = "500",
        ["Skus[0].Price"] = price,
        ["Skus[0].Stock"] = "40",
        ["Skus[0].IsActive"] = "true",
    };
}
