using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Organizations;
using Marketplace.Web.Errors;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Units;

/// <summary>A roster CSV becomes one invitation per person, or, if any line is wrong, nothing at all.</summary>
public sealed class RosterImportTests : WebAppFixture
{
    private Guid _unit;
    private string _admin = "";

    [OneTimeSetUp]
    public async Task CreateUnit()
    {
        _unit = await UnitPeople.CreateUnitAsync(Factory, "南方资产");
        _admin = await UnitPeople.CreateMemberAsync(Factory, _unit, OrganizationRole.UnitAdmin);
    }

    [Test]
    public async Task A_good_roster_with_a_chinese_header_and_a_bom_creates_one_invitation_per_person()
    {
        var (a, b) = (UnitPeople.NewEmail("roster"), UnitPeople.NewEmail("roster"));
        var csv = $"\uFEFF姓名,工号,邮箱或手机,部门\n赵敏,NF-01,{a},财务部\n\"钱,进\",NF-02,{b},\"办公室\"\n孙丽,NF-03,138 0013 8000,工会\n";
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var before = await InvitationCountAsync();

        using var response = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(result.RootElement.GetProperty("invited").GetInt32(), Is.EqualTo(3));
            Assert.That(result.RootElement.GetProperty("emailed").GetInt32(), Is.EqualTo(2));
            Assert.That(result.RootElement.GetProperty("phoneOnly").GetInt32(), Is.EqualTo(1));
            Assert.That(await InvitationCountAsync(), Is.EqualTo(before + 3));
            Assert.That(Mailbox.MessagesTo(Factory, a), Has.Count.EqualTo(1));
            Assert.That(Mailbox.MessagesTo(Factory, b), Has.Count.EqualTo(1));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.RosterImported && e.SubjectId == _unit.ToString())), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_roster_with_three_bad_lines_reports_exactly_those_lines_and_imports_nothing()
    {
        var good = UnitPeople.NewEmail("good");
        var csv = $"name,employee number,email or phone,department\n" +
            $"甲,1,{good},A\n" +
            $",2,{UnitPeople.NewEmail()},A\n" +
            $"丙,3,{UnitPeople.NewEmail()},A\n" +
            $"丁,4,not-an-address,A\n" +
            $"戊,5,{good.ToUpperInvariant()},A\n" +
            $"己,6,{UnitPeople.NewEmail()},A\n";
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var before = await InvitationCountAsync();

        using var response = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var lines = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(lines, Is.EqualTo(new[] { "line 3", "line 5", "line 6" }));
        Assert.That(await InvitationCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_address_that_already_has_an_account_is_a_bad_line()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);

        using var response = await UploadAsync(admin, Encoding.UTF8.GetBytes($"姓名,工号,邮箱或手机,部门\n周,1,{_admin},A\n"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").GetProperty("line 2")[0].GetString(), Does.Contain(_admin));
    }

    [TestCase("", "roster.csv", HttpStatusCode.BadRequest, TestName = "An empty file is 400")]
    [TestCase("姓名,工号,邮箱或手机,部门\n", "roster.csv", HttpStatusCode.BadRequest, TestName = "A header without people is 400")]
    [TestCase("姓名,工号,邮箱或手机,部门\n\"吴,1,a@example.com,A\n", "roster.csv", HttpStatusCode.BadRequest, TestName = "An unclosed quote is 400")]
    [TestCase("a;b;c\n1;2;3\n", "roster.csv", HttpStatusCode.BadRequest, TestName = "A file without the roster header is 400")]
    [TestCase("姓名,工号,邮箱或手机,部门\n郑,1,zheng@example.com,A\n", "roster.txt", HttpStatusCode.UnsupportedMediaType, TestName = "A file that is not .csv is 415")]
    public async Task A_file_that_is_not_a_roster_is_a_clear_problem_and_writes_nothing(string content, string fileName, HttpStatusCode expected)
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var before = await InvitationCountAsync();

        using var response = await UploadAsync(admin, Encoding.UTF8.GetBytes(content), fileName);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("detail").GetString(), Is.Not.Empty);
        Assert.That(await InvitationCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_oversize_file_is_413_and_writes_nothing()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var before = await InvitationCountAsync();
        var content = Encoding.UTF8.GetBytes("姓名,工号,邮箱或手机,部门\n" + new string('x', 3 * 1024 * 1024));

        using var response = await UploadAsync(admin, content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("type").GetString(), Is.EqualTo(Problems.PayloadTooLarge.Uri));
        Assert.That(await InvitationCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task The_page_lists_every_bad_line_and_imports_nothing()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _admin);
        var page = await admin.GetStringAsync("/unit/members");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Forms.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { File(Encoding.UTF8.GetBytes("姓名,工号,邮箱或手机,部门\n,1,x@example.com,A\n冯,2,bad,A\n"), "roster.csv"), "roster", "roster.csv" },
        };

        using var response = await admin.PostAsync("/unit/members?handler=Import", form);

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain("data-line=\"line 2\"").And.Contain("data-line=\"line 3\""));
    }

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName = "roster.csv")
    {
        using var form = new MultipartFormDataContent { { File(content, fileName), "file", fileName } };
        return await client.PostAsync($"/api/units/{_unit}/roster", form);
    }

    private static ByteArrayContent File(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "text/plain");
        return file;
    }

    private Task<int> InvitationCountAsync() => UnitPeople.InScopeAsync(Factory, db => db.Invitations.CountAsync(i => i.OrganizationId == _unit));
}
