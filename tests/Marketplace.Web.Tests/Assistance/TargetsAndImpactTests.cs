using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Marketplace.Web.Tests.Assistance;

/// <summary>Unit targets set by operators and parent admins, progress from paid orders, and what the buyer and the unit see of their impact.</summary>
public sealed class TargetsAndImpactTests : WebAppFixture
{
    private HttpClient _operator = null!;
    private HttpClient _employee = null!;
    private HttpClient _unitAdmin = null!;
    private HttpClient _otherEmployee = null!;
    private PaidOrders _orders = null!;
    private Guid _changan;
    private Guid _union;
    private int _year;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        _employee = await UnitPeople.SignInAsync(Factory, "employee@changan.demo", DemoAccounts.Password);
        _unitAdmin = await UnitPeople.SignInAsync(Factory, "admin@changan.demo", DemoAccounts.Password);
        _otherEmployee = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", DemoAccounts.Password);
        _orders = new PaidOrders(Factory);
        (_changan, _union) = await UnitPeople.InScopeAsync(Factory, async db => (
            await db.Organizations.Where(o => o.Name == DemoAccounts.Changan).Select(o => o.Id).SingleAsync(),
            await db.Organizations.Where(o => o.Name == "长安汽车工会").Select(o => o.Id).SingleAsync()));
        _year = ChinaCalendar.Today(TimeProvider.System).Year;
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in new[] { _operator, _employee, _unitAdmin, _otherEmployee })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task A_parent_admin_sets_a_sub_unit_target_but_not_their_own_and_the_change_is_audited()
    {
        using var sub = await _unitAdmin.PutAsJsonAsync($"/api/units/{_union}/target/{_year}", Fixed(800_000, ["UnitCollective", "Welfare"], ["DirectPurchase"]));
        using var own = await _unitAdmin.PutAsJsonAsync($"/api/units/{_changan}/target/{_year}", Fixed(800_000, ["UnitCollective"], ["DirectPurchase"]));

        var progress = await sub.Content.ReadFromJsonAsync<JsonElement>();
        var audit = await UnitPeople.InScopeAsync(Factory, db => db.Set<AuditEntry>()
            .Where(a => a.Action == AuditActions.UnitTargetSet && a.SubjectId == _union.ToString()).Select(a => a.Details).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(sub.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(progress.GetProperty("target").GetProperty("targetFen").GetInt64(), Is.EqualTo(800_000));
            Assert.That(progress.GetProperty("target").GetProperty("channels").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "UnitCollective", "Welfare" }));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit[0], Does.Contain("\"targetFen\":800000").And.Contain("UnitCollective,Welfare"));
        });
    }

    [Test]
    public async Task Bad_target_input_is_a_bilingual_problem_and_changes_nothing()
    {
        var before = await UnitPeople.InScopeAsync(Factory, db => db.UnitTargets.CountAsync());

        using var noBase = await _operator.PutAsJsonAsync($"/api/units/{_changan}/target/{_year}", new { basis = "ShareOfBase", shareBasisPoints = 1000, channels = new[] { "Public" }, measures = new[] { "HelpSell" } });
        using var tooMuch = await _operator.PutAsJsonAsync($"/api/units/{_changan}/target/{_year}", new { basis = "ShareOfBase", baseFen = 100, shareBasisPoints = 10_001, channels = new[] { "Public" }, measures = new[] { "HelpSell" } });
        using var nothingCounts = await _operator.PutAsJsonAsync($"/api/units/{_changan}/target/{_year}", Fixed(100, [], []));
        using var badYear = await _operator.PutAsJsonAsync($"/api/units/{_changan}/target/1999", Fixed(100, ["Public"], ["HelpSell"]));
        using var unknownUnit = await _operator.PutAsJsonAsync($"/api/units/{Guid.CreateVersion7()}/target/{_year}", Fixed(100, ["Public"], ["HelpSell"]));

        var after = await UnitPeople.InScopeAsync(Factory, db => db.UnitTargets.CountAsync());
        Assert.Multiple(async () =>
        {
            Assert.That((await Errors(noBase)).Keys, Is.EquivalentTo(new[] { "baseFen" }));
            Assert.That((await Errors(tooMuch)).Keys, Is.EquivalentTo(new[] { "shareBasisPoints" }));
            Assert.That((await Errors(nothingCounts)).Keys, Is.EquivalentTo(new[] { "channels", "measures" }));
            Assert.That((await Errors(badYear)).Keys, Is.EquivalentTo(new[] { "year" }));
            Assert.That(unknownUnit.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(after, Is.EqualTo(before));
        });
    }

    [Test]
    public async Task A_paid_personal_order_moves_the_unit_target_and_shows_its_counties_and_households_to_the_buyer_and_the_unit()
    {
        using (var set = await _operator.PutAsJsonAsync($"/api/units/{_changan}/target/{_year}", Fixed(1_000_000, ["EmployeePersonal"], ["HelpSell"])))
        {
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
        }

        var before = await _employee.GetFromJsonAsync<JsonElement>($"/api/units/{_changan}/target?year={_year}");
        var mineBefore = await _employee.GetFromJsonAsync<JsonElement>($"/api/me/impact?year={_year}");
        var sku = await _orders.SkuAsync(3_300);
        var (orderId, total) = await _orders.PaidAsync(_employee, sku, 3);

        var after = await _employee.GetFromJsonAsync<JsonElement>($"/api/units/{_changan}/target?year={_year}");
        var mine = await _employee.GetFromJsonAsync<JsonElement>($"/api/me/impact?year={_year}");
        var order = await _employee.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}/impact");
        var unit = await _unitAdmin.GetFromJsonAsync<JsonElement>($"/api/units/{_changan}/impact?year={_year}");
        var all = await _operator.GetFromJsonAsync<JsonElement>($"/api/targets?year={_year}");
        using var othersOrder = await _otherEmployee.GetAsync($"/api/orders/{orderId}/impact");
        var households = await UnitPeople.InScopeAsync(Factory, db => db.BenefitLinkages
            .Where(l => l.SupplierId == db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative && o.Kind == OrganizationKind.Supplier).Select(o => o.Id).Single())
            .OrderByDescending(l => l.EffectiveFrom).Select(l => l.Households).FirstAsync());
        var detailPage = await _employee.GetStringAsync($"/orders/{orderId}");
        var unitPage = await _employee.GetStringAsync($"/unit/assistance?year={_year}");

        Assert.Multiple(() =>
        {
            Assert.That(total, Is.EqualTo(9_900));
            Assert.That(after.GetProperty("countedFen").GetInt64() - before.GetProperty("countedFen").GetInt64(), Is.EqualTo(total));
            Assert.That(after.GetProperty("leftFen").GetInt64(), Is.EqualTo(1_000_000 - after.GetProperty("countedFen").GetInt64()));
            Assert.That(after.GetProperty("yearElapsedShare").GetDecimal(), Is.InRange(0m, 1m));
            Assert.That(mine.GetProperty("amountFen").GetInt64() - mineBefore.GetProperty("amountFen").GetInt64(), Is.EqualTo(total));
            Assert.That(mine.GetProperty("households").GetInt64(), Is.EqualTo(households));
            Assert.That(mine.GetProperty("counties").EnumerateArray().Select(c => c.GetProperty("countyCode").GetString()), Does.Contain("532622"));
            Assert.That(order.EnumerateArray().Select(c => (c.GetProperty("countyCode").GetString(), c.GetProperty("households").GetInt64())), Is.EqualTo(new[] { ("532622", (long)households) }));
            Assert.That(unit.GetProperty("amountFen").GetInt64(), Is.GreaterThanOrEqualTo(total));
            Assert.That(unit.GetProperty("households").GetInt64(), Is.GreaterThanOrEqualTo(households));
            Assert.That(all.EnumerateArray().Single(u => u.GetProperty("unitId").GetGuid() == _changan).GetProperty("countedFen").GetInt64(), Is.EqualTo(after.GetProperty("countedFen").GetInt64()));
            Assert.That(othersOrder.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another buyer's order is not found");
            Assert.That(detailPage, Does.Contain("id=\"order-impact\"").And.Contain("砚山县"));
            Assert.That(unitPage, Does.Contain("长安汽车").And.Contain("data-figure=\"left\"").And.Contain($"/api/units/{_changan}/certificate?year={_year}"));
        });
    }

    [Test]
    public async Task The_certificate_is_a_png_of_the_unit_s_year_for_its_people_only()
    {
        using var png = await _employee.GetAsync($"/api/units/{_changan}/certificate?year={_year}");
        using var otherUnit = await _otherEmployee.GetAsync($"/api/units/{_changan}/certificate?year={_year}");
        using var badYear = await _employee.GetAsync($"/api/units/{_changan}/certificate?year=3000");

        var bytes = await png.Content.ReadAsByteArrayAsync();
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.Multiple(async () =>
        {
            Assert.That(png.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(png.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
            Assert.That(bitmap, Is.Not.Null, "the PNG decodes");
            Assert.That((bitmap!.Width, bitmap.Height), Is.EqualTo((1200, 850)));
            Assert.That(otherUnit.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await Errors(badYear)).Keys, Is.EquivalentTo(new[] { "year" }));
        });
    }

    private static object Fixed(long amountFen, string[] channels, string[] measures) =>
        new { basis = "FixedAmount", amountFen, channels, measures };

    private static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Does.Contain("/"), "bilingual title");
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
