using System.Net;
using System.Net.Http.Json;
using Marketplace.Core.Catalog;
using Marketplace.Web.Demo;
using Marketplace.Core.Organizations;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Web.Tests.Catalog.SupplierListingClient;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>A supplier's staff manage their own listings over HTTP, on the embedded default with the demo suppliers.</summary>
public sealed class SupplierListingsTests : WebAppFixture
{
    private HttpClient _yanshan = null!;
    private HttpClient _luxi = null!;
    private Guid _yanshanId;
    private Guid _luxiId;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _yanshan = await SignInAsync(Factory, YanshanStaff);
        _luxi = await SignInAsync(Factory, LuxiStaff);
        _yanshanId = await SupplierIdAsync(Factory, DemoAccounts.YanshanCooperative);
        _luxiId = await SupplierIdAsync(Factory, DemoAccounts.LuxiPearFirm);
    }

    [OneTimeTearDown]
    public void SignOut()
    {
        _yanshan.Dispose();
        _luxi.Dispose();
    }

    [Test]
    public async Task Staff_create_a_draft_in_their_county_and_submit_it_for_review()
    {
        var code = Code();
        var created = await CreateAsync(_yanshan, _yanshanId, NewListing(code, Sku("BEEF-500", 6800, tiers: [new { minQuantity = 10, priceFen = 6500 }]), Sku("BEEF-1000", 12800)));
        var id = created.GetProperty("id").GetGuid();
        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("status").GetString(), Is.EqualTo("Draft"));
            Assert.That(created.GetProperty("countyCode").GetString(), Is.EqualTo("532622"));
            Assert.That(created.GetProperty("minPriceFen").GetInt64(), Is.EqualTo(6800));
            Assert.That(created.GetProperty("skus")[0].GetProperty("volumeTiers")[0].GetProperty("priceFen").GetInt64(), Is.EqualTo(6500));
        });

        using var submitted = await _yanshan.PostAsJsonAsync($"{Listings(_yanshanId)}/{id}/submit", new { publishOnApproval = true });
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await submitted.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(submitted)).GetProperty("status").GetString(), Is.EqualTo("Submitted"));

        using var again = await _yanshan.PostAsync($"{Listings(_yanshanId)}/{id}/submit", null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await JsonAsync(again)).GetProperty("detail").GetString(), Does.Contain("审核中"));

        var list = await _yanshan.GetFromJsonAsync<List<SupplierListingRow>>(Listings(_yanshanId));
        var row = list!.Single(r => r.Id == id);
        Assert.That(row.Status, Is.EqualTo("Submitted"));
        Assert.That(row.TotalStock, Is.EqualTo(200));
    }

    [Test]
    public async Task If_match_with_an_old_revision_is_refused_with_412_and_changes_nothing()
    {
        var id = (await CreateAsync(_yanshan, _yanshanId, NewListing(Code()))).GetProperty("id").GetGuid();
        using var get = await _yanshan.GetAsync($"{Listings(_yanshanId)}/{id}");
        var etag = get.Headers.ETag!.Tag;

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{Listings(_yanshanId)}/{id}/skus/BEEF-500/stock") { Content = JsonContent.Create(new { stock = 7 }) };
        stale.Headers.IfMatch.ParseAdd("\"999\"");
        using var refused = await _yanshan.SendAsync(stale);
        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"{Listings(_yanshanId)}/{id}/skus/BEEF-500/stock") { Content = JsonContent.Create(new { stock = 7 }) };
        fresh.Headers.IfMatch.ParseAdd(etag);
        using var accepted = await _yanshan.SendAsync(fresh);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        Assert.That(await InScopeAsync(Factory, db => db.ListingSkus.Where(s => s.ListingId == id).Select(s => s.StockSlots.Sum(slot => slot.Pieces)).SingleAsync()), Is.EqualTo(7));
    }

    [Test]
    public async Task Another_suppliers_staff_cannot_read_or_change_a_listing_and_nothing_changes()
    {
        var id = (await CreateAsync(_yanshan, _yanshanId, NewListing(Code()))).GetProperty("id").GetGuid();
        var before = await InScopeAsync(Factory, db => db.Listings.Where(l => l.Id == id).Select(l => l.Revision).SingleAsync());

        using var readTheirs = await _luxi.GetAsync($"{Listings(_yanshanId)}/{id}");
        using var submitTheirs = await _luxi.PostAsync($"{Listings(_yanshanId)}/{id}/submit", null);
        using var asIfOwnRead = await _luxi.GetAsync($"{Listings(_luxiId)}/{id}");
        using var asIfOwnSubmit = await _luxi.PostAsync($"{Listings(_luxiId)}/{id}/submit", null);
        using var asIfOwnSkus = await _luxi.PutAsJsonAsync($"{Listings(_luxiId)}/{id}/skus", new { skus = new[] { Sku("BEEF-500", 1) } });
        using var asIfOwnStock = await _luxi.PutAsJsonAsync($"{Listings(_luxiId)}/{id}/skus/BEEF-500/stock", new { stock = 0 });

        Assert.Multiple(async () =>
        {
            Assert.That(readTheirs.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(submitTheirs.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(asIfOwnRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(asIfOwnSubmit.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(asIfOwnSkus.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(asIfOwnStock.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await InScopeAsync(Factory, db => db.Listings.Where(l => l.Id == id).Select(l => l.Revision).SingleAsync()), Is.EqualTo(before));
            Assert.That(await InScopeAsync(Factory, db => db.Listings.CountAsync(l => l.SupplierId == _luxiId && l.Id == id)), Is.Zero);
        });
    }

    [Test]
    public async Task Negative_price_sizeless_sku_and_bad_tiers_are_field_errors_and_nothing_is_written()
    {
        var code = Code();
        var bad = NewListing(
            code,
            Sku("NEG", -100),
            new { code = "NOSIZE", spec = "散装", priceFen = 1000, stock = 1 },
            Sku("TIERS", 5000, tiers: [new { minQuantity = 10, priceFen = 5200 }]));
        using var response = await _yanshan.PostAsJsonAsync(Listings(_yanshanId), bad);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var errors = await ErrorsAsync(response);
        Assert.That(errors.Keys, Is.SupersetOf(new[] { "skus[0].priceFen", "skus[1].weightGrams", "skus[2].volumeTiers" }));
        Assert.That(errors["skus[0].priceFen"][0], Does.Contain("价格"));
        Assert.That(await InScopeAsync(Factory, db => db.Listings.CountAsync(l => l.ProductCode == code)), Is.Zero);
    }

    [Test]
    public async Task A_skus_lead_time_is_0_to_180_days_and_out_of_range_changes_nothing()
    {
        var id = (await CreateAsync(_yanshan, _yanshanId, NewListing(Code()))).GetProperty("id").GetGuid();
        object WithLeadTime(int days) => new { skus = new object[] { new { code = "BEEF-500", spec = "5kg 礼盒装", weightGrams = 5000, priceFen = 6800, stock = 10, leadTimeDays = days } } };

        using var tooLong = await _yanshan.PutAsJsonAsync($"{Listings(_yanshanId)}/{id}/skus", WithLeadTime(181));
        using var negative = await _yanshan.PutAsJsonAsync($"{Listings(_yanshanId)}/{id}/skus", WithLeadTime(-1));
        Assert.Multiple(async () =>
        {
            Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await tooLong.Content.ReadAsStringAsync());
            Assert.That((await ErrorsAsync(tooLong))["skus[0].leadTimeDays"][0], Does.Contain("交货期").And.Contain("180"));
            Assert.That(negative.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await InScopeAsync(Factory, db => db.ListingSkus.Where(s => s.ListingId == id).Select(s => s.LeadTimeDays).SingleAsync()), Is.Zero);
        });

        using var madeToOrder = await _yanshan.PutAsJsonAsync($"{Listings(_yanshanId)}/{id}/skus", WithLeadTime(30));
        Assert.That(madeToOrder.StatusCode, Is.EqualTo(HttpStatusCode.OK), await madeToOrder.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(madeToOrder)).GetProperty("skus")[0].GetProperty("leadTimeDays").GetInt32(), Is.EqualTo(30));
    }

    [Test]
    public async Task A_price_raise_above_ten_percent_on_a_published_listing_goes_back_to_review_and_a_small_one_does_not()
    {
        var big = await PublishedAsync();
        var small = await PublishedAsync();

        using var raised = await _yanshan.PutAsJsonAsync($"{Listings(_yanshanId)}/{big}/skus", new { skus = new[] { Sku("BEEF-500", 6800 * 112 / 100) } });
        using var nudged = await _yanshan.PutAsJsonAsync($"{Listings(_yanshanId)}/{small}/skus", new { skus = new[] { Sku("BEEF-500", 6800 * 105 / 100) } });

        Assert.That(raised.StatusCode, Is.EqualTo(HttpStatusCode.OK), await raised.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(raised)).GetProperty("status").GetString(), Is.EqualTo("Submitted"));
        Assert.That((await JsonAsync(nudged)).GetProperty("status").GetString(), Is.EqualTo("Published"));

        using var unlisted = await _yanshan.PostAsync($"{Listings(_yanshanId)}/{small}/unlist", null);
        using var republished = await _yanshan.PostAsync($"{Listings(_yanshanId)}/{small}/publish", null);
        Assert.That((await JsonAsync(unlisted)).GetProperty("status").GetString(), Is.EqualTo("Unlisted"));
        Assert.That((await JsonAsync(republished)).GetProperty("status").GetString(), Is.EqualTo("Published"));
    }

    [Test]
    public async Task Concurrent_changes_of_one_listing_conflict_with_409_never_500()
    {
        var id = (await CreateAsync(_yanshan, _yanshanId, NewListing(Code()))).GetProperty("id").GetGuid();

        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async stock =>
        {
            using var response = await _yanshan.PutAsJsonAsync($"{Listings(_yanshanId)}/{id}/skus/BEEF-500/stock", new { stock });
            return response.StatusCode;
        }));

        Assert.That(answers, Is.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Conflict));
        Assert.That(answers, Has.Some.EqualTo(HttpStatusCode.OK));
        var revision = await InScopeAsync(Factory, db => db.Listings.Where(l => l.Id == id).Select(l => l.Revision).SingleAsync());
        Assert.That(revision, Is.EqualTo(1 + answers.Count(a => a == HttpStatusCode.OK)));
    }

    [Test]
    public async Task A_supplier_that_is_not_certified_cannot_create_a_listing_and_is_told_why()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var supplier = await scope.ServiceProvider.GetRequiredService<OrganizationTree>().AddSupplierAsync($"未认证合作社-{Guid.NewGuid():N}"[..16], null);
        using var staff = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, supplier.Id, OrganizationRole.SupplierStaff));
        var code = Code();

        using var response = await staff.PostAsJsonAsync(Listings(supplier.Id), NewListing(code));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await response.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(response)).GetProperty("detail").GetString(), Does.Contain("未通过认证"));
        Assert.That(await InScopeAsync(Factory, db => db.Listings.CountAsync(l => l.ProductCode == code)), Is.Zero);
    }

    [Test]
    public async Task An_operator_reads_a_suppliers_listings_but_cannot_create_one()
    {
        var id = (await CreateAsync(_yanshan, _yanshanId, NewListing(Code()))).GetProperty("id").GetGuid();
        using var op = await SignInAsync(Factory, "operator@csgc.demo");

        using var read = await op.GetAsync($"{Listings(_yanshanId)}/{id}");
        using var create = await op.PostAsJsonAsync(Listings(_yanshanId), NewListing(Code()));

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// <summary>A listing created, submitted and approved (by the domain, as the operator review would) and so published.</summary>
    private async Task<Guid> PublishedAsync()
    {
        var id = (await CreateAsync(_yanshan, _yanshanId, NewListing(Code()))).GetProperty("id").GetGuid();
        using var submitted = await _yanshan.PostAsync($"{Listings(_yanshanId)}/{id}/submit", null);
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var status = await InScopeAsync(Factory, async db =>
        {
            var listing = await db.Listings.Include(l => l.Skus).SingleAsync(l => l.Id == id);
            listing.Approve(Guid.CreateVersion7(), DateTime.UtcNow);
            await db.SaveChangesAsync();
            return listing.Status;
        });
        Assert.That(status, Is.EqualTo(ListingStatus.Published));
        return id;
    }

    private static string Code() => "WS-" + Guid.NewGuid().ToString("N")[..10];

    private sealed record SupplierListingRow(Guid Id, string Status, long TotalStock);
}
