using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Assistance;

/// <summary>Help-sell campaigns end to end: link → cookie → order → payment → ledger → the operator's figures, on the embedded default.</summary>
public sealed class CampaignAttributionTests : WebAppFixture
{
    private HttpClient _operator = null!;
    private HttpClient _employee = null!;
    private HttpClient _purchaser = null!;
    private PaidOrders _orders = null!;
    private DateOnly _today;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        _employee = await UnitPeople.SignInAsync(Factory, "employee@changan.demo", DemoAccounts.Password);
        _purchaser = await UnitPeople.SignInAsync(Factory, "purchaser@changan.demo", DemoAccounts.Password);
        _orders = new PaidOrders(Factory);
        _today = ChinaCalendar.Today(TimeProvider.System);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in new[] { _operator, _employee, _purchaser })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task An_order_that_came_through_a_campaign_link_counts_as_its_help_sell_by_county()
    {
        var code = "CCTV-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await CreateAsync(code, _today.AddDays(-1), _today.AddDays(10)))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        using var visitor = await UnitPeople.SignInAsync(Factory, "public@example.com", DemoAccounts.Password);
        using var landed = await visitor.GetAsync("/c/" + code.ToLowerInvariant());
        var cookie = landed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mp_campaign=", StringComparison.Ordinal));
        var sku = await _orders.SkuAsync(2_500);
        var (orderId, total) = await _orders.PaidAsync(visitor, sku, 4);

        var (orderCampaign, entryCampaigns) = await UnitPeople.InScopeAsync(Factory, async db => (
            await db.Orders.Where(o => o.Id == orderId).Select(o => o.CampaignCode).SingleAsync(),
            await db.AssistanceEntries.Where(e => e.OrderId == orderId).Select(e => e.CampaignCode).ToListAsync()));
        var campaign = (await _operator.GetFromJsonAsync<JsonElement>("/api/campaigns")).EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);
        var counties = campaign.GetProperty("counties").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(landed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(landed.Headers.Location!.OriginalString, Is.EqualTo("/products"));
            Assert.That(cookie, Does.Contain($"mp_campaign={code}").And.Contain("max-age=604800").And.Contain("httponly"));
            Assert.That(orderCampaign, Is.EqualTo(code), "the order carries the campaign's own spelling");
            Assert.That(entryCampaigns, Is.Not.Empty.And.All.EqualTo(code));
            Assert.That(campaign.GetProperty("orders").GetInt32(), Is.EqualTo(1));
            Assert.That(campaign.GetProperty("helpSellFen").GetInt64(), Is.EqualTo(total).And.EqualTo(10_000));
            Assert.That(counties.Select(c => (c.GetProperty("countyCode").GetString(), c.GetProperty("helpSellFen").GetInt64())), Is.EqualTo(new[] { ("532622", total) }));
        });
    }

    [Test]
    public async Task A_code_that_names_no_running_campaign_or_an_order_that_cannot_carry_one_is_refused_and_nothing_is_ordered()
    {
        var ended = "ENDED-" + Guid.NewGuid().ToString("N")[..8];
        var running = "FEST-" + Guid.NewGuid().ToString("N")[..8];
        (await CreateAsync(ended, _today.AddDays(-10), _today.AddDays(-1))).Dispose();
        (await CreateAsync(running, _today, _today)).Dispose();
        var sku = await _orders.SkuAsync(1_000);
        var before = await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync());

        using var endedOrder = await PaidOrders.PlaceAsync(_employee, sku, 1, campaignCode: ended);
        using var unknownOrder = await PaidOrders.PlaceAsync(_employee, sku, 1, campaignCode: "NO-SUCH-CODE");
        using var unitOrder = await PaidOrders.PlaceAsync(_purchaser, sku, 1, "UnitProcurement", running);
        using var endedLink = await _employee.GetAsync("/c/" + ended);

        var after = await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync());
        Assert.Multiple(async () =>
        {
            foreach (var response in new[] { endedOrder, unknownOrder, unitOrder })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.That(problem.GetProperty("errors").GetProperty("campaignCode")[0].GetString(), Does.Contain("活动"));
            }

            Assert.That(after, Is.EqualTo(before), "nothing was ordered");
            Assert.That(endedLink.Headers.Location!.OriginalString, Is.EqualTo("/products"), "an ended campaign's link still lands on the storefront");
            Assert.That(endedLink.Headers.Contains("Set-Cookie") && endedLink.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("mp_campaign=", StringComparison.Ordinal)), Is.False);
        });
    }

    [Test]
    public async Task A_campaign_with_a_taken_code_or_backward_dates_is_refused_and_not_created()
    {
        var code = "TV-" + Guid.NewGuid().ToString("N")[..8];
        (await CreateAsync(code, _today, _today.AddDays(1))).Dispose();
        var before = await UnitPeople.InScopeAsync(Factory, db => db.Campaigns.CountAsync());

        using var taken = await CreateAsync(code.ToLowerInvariant(), _today, _today.AddDays(1));
        using var backward = await CreateAsync("NEW-" + Guid.NewGuid().ToString("N")[..8], _today, _today.AddDays(-1));
        using var badCode = await CreateAsync("含中文", _today, _today);

        var after = await UnitPeople.InScopeAsync(Factory, db => db.Campaigns.CountAsync());
        Assert.Multiple(async () =>
        {
            Assert.That((await Errors(taken)).Keys, Is.EquivalentTo(new[] { "code" }));
            Assert.That((await Errors(backward)).Keys, Is.EquivalentTo(new[] { "endsOn" }));
            Assert.That((await Errors(badCode)).Keys, Is.EquivalentTo(new[] { "code" }));
            Assert.That(after, Is.EqualTo(before));
        });
    }

    private Task<HttpResponseMessage> CreateAsync(string code, DateOnly startsOn, DateOnly endsOn) =>
        _operator.PostAsJsonAsync("/api/campaigns", new { code, name = "消费帮扶专场 " + code, kind = "TvProgramme", startsOn, endsOn, cookieDays = 7 });

    private static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Does.Contain("/"), "bilingual title");
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
