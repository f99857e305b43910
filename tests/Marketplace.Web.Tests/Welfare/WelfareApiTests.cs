using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Invitations;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Welfare;

/// <summary>Programmes, grants and wallets through the API and the pages, on the embedded default.</summary>
public sealed class WelfareApiTests : WebAppFixture
{
    private Guid _unit;
    private Guid _otherUnit;
    private string _admin = "";
    private string _finance = "";
    private string _otherAdmin = "";
    private readonly List<string> _employees = [];

    [OneTimeSetUp]
    public async Task CreateUnits()
    {
        _unit = await UnitPeople.CreateUnitAsync(Factory, "长安汽车");
        _otherUnit = await UnitPeople.CreateUnitAsync(Factory, "嘉陵特装");
        _admin = await UnitPeople.CreateMemberAsync(Factory, _unit, OrganizationRole.UnitAdmin);
        _finance = await UnitPeople.CreateMemberAsync(Factory, _unit, OrganizationRole.Employee, OrganizationRole.UnitFinance);
        _otherAdmin = await UnitPeople.CreateMemberAsync(Factory, _otherUnit, OrganizationRole.UnitAdmin);
        for (var i = 1; i <= 3; i++)
        {
            var email = await UnitPeople.CreateMemberAsync(Factory, _unit, OrganizationRole.Employee);
            await WithEmployeeNumberAsync(email, $"CA-{i:000}");
            _employees.Add(email);
        }
    }

    [Test]
    public async Task Finance_creates_a_programme_and_grants_it_once_to_every_employee()
    {
        using var finance = await UnitPeople.SignInAsync(Factory, _finance);
        var id = await CreateAsync(finance, "2021年中秋职工福利", 20_000);

        using var first = await finance.PostAsJsonAsync(Grants(id), new { allEmployees = true });
        using var second = await finance.PostAsJsonAsync(Grants(id), new { allEmployees = true });
        using var totals = await finance.GetAsync($"/api/units/{_unit}/welfare-programmes/{id}");

        var firstBody = await Json(first);
        var secondBody = await Json(second);
        var totalsBody = await Json(totals);
        Assert.Multiple(async () =>
        {
            Assert.That(firstBody.GetProperty("granted").GetInt32(), Is.EqualTo(4), "three employees and finance, who is an employee too");
            Assert.That(firstBody.GetProperty("grantedFen").GetInt64(), Is.EqualTo(80_000));
            Assert.That(secondBody.GetProperty("granted").GetInt32(), Is.Zero);
            Assert.That(secondBody.GetProperty("alreadyGranted").GetInt32(), Is.EqualTo(4));
            Assert.That(totalsBody.GetProperty("totals").GetProperty("grantedFen").GetInt64(), Is.EqualTo(80_000));
            Assert.That(totalsBody.GetProperty("totals").GetProperty("balanceFen").GetInt64(), Is.EqualTo(80_000));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.WelfareGranted && e.SubjectId == id.ToString())), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_roster_of_employee_numbers_grants_only_those_and_an_unknown_number_grants_nobody()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var id = await CreateAsync(admin, "国庆福利", 5_000);

        using var bad = await admin.PostAsJsonAsync(Grants(id), new { employeeNumbers = new[] { "CA-001", "XX-999" } });
        var walletsAfterBad = await WalletCountAsync(id);
        using var good = await admin.PostAsJsonAsync(Grants(id), new { employeeNumbers = new[] { "CA-001", "CA-003" } });

        var problem = await Json(bad);
        Assert.Multiple(async () =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("提交的内容有误 / Validation failed"));
            Assert.That(problem.GetProperty("errors").GetProperty("employeeNumbers")[0].GetString(), Does.Contain("XX-999").And.Not.Contain("CA-001"));
            Assert.That(walletsAfterBad, Is.Zero);
            Assert.That((await Json(good)).GetProperty("granted").GetInt32(), Is.EqualTo(2));
            Assert.That(await WalletCountAsync(id), Is.EqualTo(2));
        });
    }

    [TestCase("", 100L, "2031-01-01", "name")]
    [TestCase("福利", 0L, "2031-01-01", "amountPerEmployeeFen")]
    [TestCase("福利", 100L, "2020-01-01", "validUntil")]
    public async Task Bad_input_answers_a_bilingual_problem_and_creates_nothing(string name, long amount, string until, string field)
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var before = await ProgrammeCountAsync();

        using var response = await admin.PostAsJsonAsync(Programmes(_unit), new { name, amountPerEmployeeFen = amount, validFrom = "2020-01-01", validUntil = until });

        var problem = await Json(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/validation-failed"));
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
            Assert.That(await ProgrammeCountAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task An_unknown_county_or_region_is_refused_and_nothing_is_created()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var before = await ProgrammeCountAsync();
        var today = ChinaCalendar.Today(TimeProvider.System);

        using var county = await admin.PostAsJsonAsync(Programmes(_unit), new { name = "福利", amountPerEmployeeFen = 100, validFrom = today, validUntil = today, countyCodes = new[] { "999999" } });
        using var region = await admin.PostAsJsonAsync(Programmes(_unit), new { name = "福利", amountPerEmployeeFen = 100, validFrom = today, validUntil = today, regions = new[] { "Mars" } });

        Assert.Multiple(async () =>
        {
            Assert.That(county.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await Json(county)).GetProperty("errors").GetProperty("countyCodes")[0].GetString(), Does.Contain("999999"));
            Assert.That(region.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ProgrammeCountAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task The_admin_of_another_unit_can_neither_read_nor_grant()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var id = await CreateAsync(admin, "春节福利", 1_000);
        using var other = await UnitPeople.SignInAsync(Factory, _otherAdmin);

        using var list = await other.GetAsync(Programmes(_unit));
        using var grant = await other.PostAsJsonAsync(Grants(id), new { allEmployees = true });
        // Their own unit's route does not reach a programme of another unit either.
        using var viaOwn = await other.PostAsJsonAsync($"/api/units/{_otherUnit}/welfare-programmes/{id}/grants", new { allEmployees = true });

        Assert.Multiple(async () =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(grant.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(viaOwn.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await WalletCountAsync(id), Is.Zero);
        });
    }

    [Test]
    public async Task An_employee_sees_their_own_wallet_and_never_another_ones()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var id = await CreateAsync(admin, "端午福利", 12_345, countyCodes: ["532622"]);
        (await admin.PostAsJsonAsync(Grants(id), new { allEmployees = true })).Dispose();
        using var first = await UnitPeople.SignInAsync(Factory, _employees[0]);
        using var second = await UnitPeople.SignInAsync(Factory, _employees[1]);

        var mine = await Json(await first.GetAsync("/api/welfare/wallet"));
        var wallet = mine.GetProperty("wallets").EnumerateArray().Single(w => w.GetProperty("programmeId").GetGuid() == id);
        var walletId = wallet.GetProperty("walletId").GetGuid();
        using var own = await first.GetAsync($"/api/welfare/wallets/{walletId}/ledger");
        using var others = await second.GetAsync($"/api/welfare/wallets/{walletId}/ledger");
        using var programmes = await first.GetAsync(Programmes(_unit));
        var page = await first.GetStringAsync("/welfare");

        Assert.Multiple(async () =>
        {
            Assert.That(wallet.GetProperty("balanceFen").GetInt64(), Is.EqualTo(12_345));
            Assert.That(wallet.GetProperty("shopLinks")[0].GetProperty("url").GetString(), Is.EqualTo("/products?county=532622"));
            Assert.That((await Json(own))[0].GetProperty("kind").GetString(), Is.EqualTo("Grant"));
            Assert.That(others.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(programmes.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(page, Does.Contain("端午福利").And.Contain("¥123.45").And.Contain("砚山县").And.Contain("/products?county=532622"));
        });
    }

    [Test]
    public async Task The_pages_create_a_programme_and_grant_it()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var today = ChinaCalendar.Today(TimeProvider.System);

        using var created = await Forms.PostAsync(admin, "/unit/welfare", "/unit/welfare", new Dictionary<string, string>
        {
            ["Input.Name"] = "页面福利",
            ["Input.AmountYuan"] = "88.88",
            ["Input.ValidFrom"] = today.ToString("yyyy-MM-dd"),
            ["Input.ValidUntil"] = today.AddDays(10).ToString("yyyy-MM-dd"),
            ["Input.Categories"] = "Fruit",
        });
        var detail = created.Headers.Location!.OriginalString;
        using var granted = await Forms.PostAsync(admin, detail, detail, new Dictionary<string, string> { ["Numbers"] = "CA-002" });
        var page = await admin.GetStringAsync(detail);
        using var badAmount = await Forms.PostAsync(admin, "/unit/welfare", "/unit/welfare", new Dictionary<string, string>
        {
            ["Input.Name"] = "页面福利二", ["Input.AmountYuan"] = "1.234", ["Input.ValidFrom"] = today.ToString("yyyy-MM-dd"), ["Input.ValidUntil"] = today.ToString("yyyy-MM-dd"),
        });

        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(granted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(page, Does.Contain("页面福利").And.Contain("¥88.88").And.Contain("新鲜水果"));
            Assert.That(badAmount.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form comes back with its error");
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.WelfareProgrammes.CountAsync(p => p.Name == "页面福利二")), Is.Zero);
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.WelfareWallets.CountAsync(w => db.WelfareProgrammes.Any(p => p.Id == w.ProgrammeId && p.Name == "页面福利"))), Is.EqualTo(1));
        });
    }

    private string Programmes(Guid unit) => $"/api/units/{unit}/welfare-programmes";

    private string Grants(Guid programme) => $"/api/units/{_unit}/welfare-programmes/{programme}/grants";

    private async Task<Guid> CreateAsync(HttpClient client, string name, long amountFen, string[]? countyCodes = null)
    {
        var today = ChinaCalendar.Today(TimeProvider.System);
        using var response = await client.PostAsJsonAsync(Programmes(_unit), new { name, amountPerEmployeeFen = amountFen, validFrom = today, validUntil = today.AddDays(30), countyCodes });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await Json(response)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private Task<int> ProgrammeCountAsync() => UnitPeople.InScopeAsync(Factory, db => db.WelfareProgrammes.CountAsync());

    private Task<int> WalletCountAsync(Guid programmeId) => UnitPeople.InScopeAsync(Factory, db => db.WelfareWallets.CountAsync(w => w.ProgrammeId == programmeId));

    /// <summary>The employee number comes from the invitation the employee accepted, as in a real sign-up.</summary>
    private Task WithEmployeeNumberAsync(string email, string number) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var unit = await db.Organizations.SingleAsync(o => o.Id == _unit);
        var (invitation, _) = Invitation.Create(unit, "职工", number, email + ".invite", null, null, user.Id, DateTime.UtcNow);
        invitation.Accept(user.Id, DateTime.UtcNow);
        db.Invitations.Add(invitation);
        return await db.SaveChangesAsync();
    });
}
