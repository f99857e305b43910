using System.Net;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Assistance;

/// <summary>The operator's target and campaign pages and the unit portal's target form, posted as a browser does.</summary>
public sealed class TargetAndCampaignPagesTests : WebAppFixture
{
    private HttpClient _operator = null!;
    private HttpClient _unitAdmin = null!;
    private Guid _changan;
    private Guid _union;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        _unitAdmin = await UnitPeople.SignInAsync(Factory, "admin@changan.demo", DemoAccounts.Password);
        (_changan, _union) = await UnitPeople.InScopeAsync(Factory, async db => (
            await db.Organizations.Where(o => o.Name == DemoAccounts.Changan).Select(o => o.Id).SingleAsync(),
            await db.Organizations.Where(o => o.Name == "长安汽车工会").Select(o => o.Id).SingleAsync()));
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _operator.Dispose();
        _unitAdmin.Dispose();
    }

    [Test]
    public async Task An_operator_sets_a_share_of_a_base_target_and_sees_it_in_the_table_and_bad_amounts_change_nothing()
    {
        using var bad = await Forms.PostAsync(_operator, "/operator/targets?year=2031", "/operator/targets?handler=Set", Target(_changan, 2031, "FixedAmount", amount: "十万"));
        var badPage = await bad.Content.ReadAsStringAsync();
        var rowsAfterBad = await UnitPeople.InScopeAsync(Factory, db => db.UnitTargets.CountAsync(t => t.Year == 2031));

        using var saved = await Forms.PostAsync(_operator, "/operator/targets?year=2031", "/operator/targets?handler=Set", Target(_changan, 2031, "ShareOfBase", @base: "50,000", share: "12.5"));
        var table = await _operator.GetStringAsync("/operator/targets?year=2031");
        var stored = await UnitPeople.InScopeAsync(Factory, db => db.UnitTargets.SingleAsync(t => t.UnitId == _changan && t.Year == 2031));

        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(badPage, Does.Contain("金额须为大于 0 的元金额"));
            Assert.That(rowsAfterBad, Is.Zero);
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((stored.TargetFen, stored.BaseFen, stored.ShareBasisPoints), Is.EqualTo((625_000L, (long?)5_000_000, (int?)1_250)));
            Assert.That(table, Does.Contain("¥6,250.00").And.Contain("已设定 长安汽车 2031 年度目标"));
        });
    }

    [Test]
    public async Task A_unit_admin_sets_a_sub_unit_target_from_the_unit_portal_but_not_another_unit()
    {
        using var sub = await Forms.PostAsync(_unitAdmin, "/unit/assistance?year=2032", "/unit/assistance?handler=Set", Target(_union, 2032, "FixedAmount", amount: "3000"));
        using var own = await Forms.PostAsync(_unitAdmin, "/unit/assistance?year=2032", "/unit/assistance?handler=Set", Target(_changan, 2032, "FixedAmount", amount: "3000"));
        var targets = await UnitPeople.InScopeAsync(Factory, db => db.UnitTargets.Where(t => t.Year == 2032).Select(t => new { t.UnitId, t.TargetFen }).ToListAsync());
        var portal = await _unitAdmin.GetStringAsync("/unit/assistance?year=2032");

        Assert.Multiple(() =>
        {
            Assert.That(sub.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(own.Headers.Location?.AbsolutePath ?? own.Headers.Location?.OriginalString, Does.StartWith("/account/access-denied"));
            Assert.That(targets.Select(t => (t.UnitId, t.TargetFen)), Is.EqualTo(new[] { (_union, 300_000L) }));
            Assert.That(portal, Does.Contain("长安汽车工会").And.Contain("¥3,000.00").And.Contain("id=\"target-form\""));
        });
    }

    [Test]
    public async Task An_operator_creates_a_campaign_and_gets_its_link_and_backward_dates_create_nothing()
    {
        var code = "TV" + Guid.NewGuid().ToString("N")[..8];
        using var backward = await Forms.PostAsync(_operator, "/operator/campaigns", "/operator/campaigns?handler=Create", Campaign(code, "2030-02-01", "2030-01-01"));
        var backwardPage = await backward.Content.ReadAsStringAsync();
        var none = await UnitPeople.InScopeAsync(Factory, db => db.Campaigns.CountAsync(c => c.Code == code));

        using var created = await Forms.PostAsync(_operator, "/operator/campaigns", "/operator/campaigns?handler=Create", Campaign(code, "2030-01-01", "2030-02-01"));
        var list = await _operator.GetStringAsync("/operator/campaigns");

        Assert.Multiple(() =>
        {
            Assert.That(backwardPage, Does.Contain("结束日期不能早于开始日期"));
            Assert.That(none, Is.Zero);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(list, Does.Contain($"href=\"/c/{code}\"").And.Contain("乡村振兴直播间"));
        });
    }

    private static Dictionary<string, string> Target(Guid unitId, int year, string basis, string? amount = null, string? @base = null, string? share = null) => new()
    {
        ["Target.UnitId"] = unitId.ToString(),
        ["Target.Year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Target.Basis"] = basis,
        ["Target.Amount"] = amount ?? "",
        ["Target.Base"] = @base ?? "",
        ["Target.SharePercent"] = share ?? "",
        ["Target.Channels[0]"] = "UnitCollective",
        ["Target.Channels[1]"] = "Welfare",
        ["Target.Measures[0]"] = "DirectPurchase",
    };

    private static Dictionary<string, string> Campaign(string code, string startsOn, string endsOn) => new()
    {
        ["Input.Code"] = code,
        ["Input.Name"] = "乡村振兴直播间",
        ["Input.Kind"] = "MediaChannel",
        ["Input.StartsOn"] = startsOn,
        ["Input.EndsOn"] = endsOn,
        ["Input.CookieDays"] = "14",
        ["Input.LandingListingId"] = "",
    };
}
