using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Suppliers;

/// <summary>Supplier certification, benefit linkage and evidence files, through HTTP on the embedded default.</summary>
public sealed class CertificationTests : WebAppFixture
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray();

    private HttpClient _operator = null!;

    [OneTimeSetUp]
    public async Task SignInOperator() => _operator = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateOperatorAsync(Factory));

    [OneTimeTearDown]
    public void DisposeOperator() => _operator.Dispose();

    [Test]
    public async Task Approve_suspend_and_reinstate_change_certification_and_each_decision_is_audited()
    {
        var supplier = await CreateSupplierAsync("532622");

        Assert.That(await IsCertifiedAsync(supplier), Is.False);
        using (var approved = await ReviewAsync(supplier, new { decision = "Approve", validFrom = Year(0, 1, 1), validTo = Year(1, 12, 31) }))
        {
            Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await approved.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("Active"));
            Assert.That(body.RootElement.GetProperty("certified").GetBoolean(), Is.True);
        }

        Assert.That(await IsCertifiedAsync(supplier), Is.True);
        using (var suspended = await ReviewAsync(supplier, new { decision = "Suspend", reason = "抽检不合格" }))
        {
            Assert.That(suspended.StatusCode, Is.EqualTo(HttpStatusCode.OK), await suspended.Content.ReadAsStringAsync());
        }

        Assert.That(await IsCertifiedAsync(supplier), Is.False);
        using (var approveAgain = await ReviewAsync(supplier, new { decision = "Approve", validFrom = Year(0, 1, 1), validTo = Year(0, 12, 31) }))
        {
            Assert.That(approveAgain.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        }

        using (var reinstated = await ReviewAsync(supplier, new { decision = "Reinstate" }))
        {
            Assert.That(reinstated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reinstated.Content.ReadAsStringAsync());
        }

        Assert.That(await IsCertifiedAsync(supplier), Is.True);
        var actions = await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries
            .Where(e => e.SubjectId == supplier.ToString()).OrderBy(e => e.At).Select(e => e.Action).ToListAsync());
        Assert.That(actions, Is.EqualTo(new[] { AuditActions.SupplierApproved, AuditActions.SupplierSuspended, AuditActions.SupplierReinstated }));
    }

    [Test]
    public async Task A_certification_past_its_validity_reads_expired()
    {
        var supplier = await CreateSupplierAsync("532527");
        using var approved = await ReviewAsync(supplier, new { decision = "Approve", validFrom = Year(-2, 1, 1), validTo = Year(-1, 12, 31) });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(await approved.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("Expired"));
        Assert.That(await IsCertifiedAsync(supplier), Is.False);
    }

    [Test]
    public async Task Reject_needs_a_reason_and_records_it()
    {
        var supplier = await CreateSupplierAsync("532622");
        using (var noReason = await ReviewAsync(supplier, new { decision = "Reject" }))
        {
            Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await Errors(noReason), Does.ContainKey("reason"));
        }

        using var rejected = await ReviewAsync(supplier, new { decision = "Reject", reason = "营业执照已过期" });
        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (application, audited) = await UnitPeople.InScopeAsync(Factory, async db => (
            await db.SupplierApplications.SingleAsync(a => a.OrganizationId == supplier),
            await db.AuditEntries.CountAsync(e => e.SubjectId == supplier.ToString() && e.Action == AuditActions.SupplierRejected)));
        Assert.Multiple(() =>
        {
            Assert.That(application.Status, Is.EqualTo(CertificationStatus.Rejected));
            Assert.That(application.DecisionReason, Is.EqualTo("营业执照已过期"));
            Assert.That(audited, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_unknown_registered_county_is_a_validation_problem_and_nothing_is_written()
    {
        var supplier = await CreateSupplierAsync("999999");
        using var response = await ReviewAsync(supplier, new { decision = "Approve", validFrom = Year(0, 1, 1), validTo = Year(0, 12, 31) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Errors(response))["countyCode"][0], Does.Contain("999999"));
        var (status, audited) = await UnitPeople.InScopeAsync(Factory, async db => (
            (await db.SupplierApplications.SingleAsync(a => a.OrganizationId == supplier)).Status,
            await db.AuditEntries.CountAsync(e => e.SubjectId == supplier.ToString())));
        Assert.That(status, Is.EqualTo(CertificationStatus.Applied));
        Assert.That(audited, Is.Zero);
    }

    [Test]
    public async Task A_supplier_admin_cannot_review_and_validity_dates_must_be_ordered()
    {
        var supplier = await CreateSupplierAsync("532622");
        using var admin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, supplier, OrganizationRole.SupplierAdmin));
        using var byAdmin = await admin.PostAsJsonAsync($"/api/suppliers/{supplier}/review", new { decision = "Approve", validFrom = Year(0, 1, 1), validTo = Year(0, 12, 31) });
        Assert.That(byAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var backwards = await ReviewAsync(supplier, new { decision = "Approve", validFrom = Year(1, 1, 1), validTo = Year(0, 12, 31) });
        Assert.That(backwards.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await Errors(backwards), Does.ContainKey("validTo"));
    }

    [Test]
    public async Task A_supplier_admin_declares_benefit_linkage_with_history_and_cannot_touch_another_supplier()
    {
        var supplier = await CreateSupplierAsync("532622");
        var other = await CreateSupplierAsync("532527");
        using var admin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, supplier, OrganizationRole.SupplierAdmin));

        using (var first = await admin.PutAsJsonAsync($"/api/suppliers/{supplier}/benefit-linkage", Linkage(100, 400, 30, 5, Year(-1, 1, 1))))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        }

        using (var second = await admin.PutAsJsonAsync($"/api/suppliers/{supplier}/benefit-linkage", Linkage(120, 480, 35, 6, Year(0, 1, 1))))
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var bad = await admin.PutAsJsonAsync($"/api/suppliers/{supplier}/benefit-linkage", Linkage(10, 5, 6, -1, null)))
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await Errors(bad), Does.ContainKey("people").And.ContainKey("povertyAlleviatedPeople").And.ContainKey("disabledPeople"));
        }

        using var history = JsonDocument.Parse(await _operator.GetStringAsync($"/api/suppliers/{supplier}/benefit-linkage"));
        Assert.That(history.RootElement.GetProperty("current").GetProperty("households").GetInt32(), Is.EqualTo(120));
        Assert.That(history.RootElement.GetProperty("history").GetArrayLength(), Is.EqualTo(2));

        using var otherPut = await admin.PutAsJsonAsync($"/api/suppliers/{other}/benefit-linkage", Linkage(1, 1, 0, 0, null));
        using var otherGet = await admin.GetAsync($"/api/suppliers/{other}/benefit-linkage");
        using var otherEvidence = await admin.GetAsync($"/api/suppliers/{other}/evidence");
        Assert.That(otherPut.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(otherGet.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(otherEvidence.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.BenefitLinkages.CountAsync(b => b.SupplierId == other)), Is.Zero);
    }

    [Test]
    public async Task Evidence_a_pdf_is_stored_under_a_generated_name_and_only_its_admins_and_operators_download_it()
    {
        var supplier = await CreateSupplierAsync("532622");
        var other = await CreateSupplierAsync("532527");
        using var admin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, supplier, OrganizationRole.SupplierAdmin));
        using var otherAdmin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, other, OrganizationRole.SupplierAdmin));

        using var uploaded = await UploadAsync(admin, supplier, Pdf, "营业执照.pdf");
        Assert.That(uploaded.StatusCode, Is.EqualTo(HttpStatusCode.Created), await uploaded.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString();
        Assert.That(body.RootElement.GetProperty("contentType").GetString(), Is.EqualTo("application/pdf"));
        var onDisk = Directory.GetFiles(EvidenceFolder()).Select(Path.GetFileName).ToList();
        Assert.That(onDisk, Has.Member($"{Guid.Parse(id!):N}.pdf"));
        Assert.That(onDisk, Has.None.Contains("营业执照"));

        var url = $"/api/suppliers/{supplier}/evidence/{id}";
        using var byAdmin = await admin.GetAsync(url);
        using var byOperator = await _operator.GetAsync(url);
        using var byAnonymous = await Factory.CreateClient().GetAsync(url);
        using var byOtherAdmin = await otherAdmin.GetAsync(url);
        using var asIfTheirs = await otherAdmin.GetAsync($"/api/suppliers/{other}/evidence/{id}");
        Assert.Multiple(async () =>
        {
            Assert.That(byAdmin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await byAdmin.Content.ReadAsByteArrayAsync(), Is.EqualTo(Pdf));
            Assert.That(byAdmin.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(byOperator.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(byAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(byOtherAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(asIfTheirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });

        using var list = JsonDocument.Parse(await _operator.GetStringAsync($"/api/suppliers/{supplier}/evidence"));
        Assert.That(list.RootElement.EnumerateArray().Select(f => f.GetProperty("fileName").GetString()), Is.EqualTo(new[] { "营业执照.pdf" }));
    }

    [TestCase("exe renamed pdf", HttpStatusCode.UnsupportedMediaType)]
    [TestCase("oversize", HttpStatusCode.RequestEntityTooLarge)]
    [TestCase("empty", HttpStatusCode.BadRequest)]
    public async Task Evidence_that_is_not_a_small_pdf_jpeg_or_png_is_refused_and_nothing_is_stored(string kind, HttpStatusCode expected)
    {
        var supplier = await CreateSupplierAsync("532622");
        using var admin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, supplier, OrganizationRole.SupplierAdmin));
        var content = kind switch
        {
            "exe renamed pdf" => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0],
            "oversize" => [.. Pdf, .. new byte[(5 * 1024 * 1024) + 1]],
            _ => Array.Empty<byte>(),
        };
        var before = Directory.Exists(EvidenceFolder()) ? Directory.GetFiles(EvidenceFolder()).Length : 0;

        using var response = await UploadAsync(admin, supplier, content, "licence.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.TryGetProperty("detail", out _) || problem.RootElement.TryGetProperty("errors", out _), Is.True);
        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.EvidenceFiles.CountAsync(e => e.SupplierId == supplier)), Is.Zero);
        Assert.That(Directory.Exists(EvidenceFolder()) ? Directory.GetFiles(EvidenceFolder()).Length : 0, Is.EqualTo(before));
    }

    [Test]
    public async Task The_review_queue_and_the_supplier_page_render()
    {
        var supplier = await CreateSupplierAsync("532622");
        using var admin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, supplier, OrganizationRole.SupplierAdmin));

        var queue = await _operator.GetStringAsync("/operator/suppliers");
        var profile = await admin.GetStringAsync("/supplier/profile");

        Assert.That(queue, Does.Contain(supplier.ToString()).And.Contain("砚山县").And.Contain("__RequestVerificationToken"));
        Assert.That(profile, Does.Contain("待审核").And.Contain("利益联结"));
    }

    private async Task<HttpResponseMessage> ReviewAsync(Guid supplier, object body) =>
        await _operator.PostAsJsonAsync($"/api/suppliers/{supplier}/review", body);

    private static object Linkage(int households, int people, int poverty, int disabled, string? effectiveFrom) => new
    {
        mechanism = "CooperativeAndHouseholds",
        description = "合作社+农户",
        households,
        people,
        povertyAlleviatedPeople = poverty,
        disabledPeople = disabled,
        effectiveFrom,
    };

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid supplier, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/suppliers/{supplier}/evidence", form);
    }

    private static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private static string Year(int offset, int month, int day) =>
        new DateOnly(DateTime.UtcNow.AddHours(8).Year + offset, month, day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private string EvidenceFolder() => Path.Combine(Factory.DataDirectory, "evidence");

    private async Task<bool> IsCertifiedAsync(Guid supplier)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SupplierCertification>().IsCertifiedAsync(supplier, DateTime.UtcNow);
    }

    /// <summary>A supplier with an application in status Applied, registered in <paramref name="countyCode"/>.</summary>
    private async Task<Guid> CreateSupplierAsync(string countyCode)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var tree = scope.ServiceProvider.GetRequiredService<OrganizationTree>();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Core.Data.MarketplaceDbContext>();
        var supplier = await tree.AddSupplierAsync($"砚山县合作社-{Guid.NewGuid():N}"[..24], null);
        var applicant = await UnitPeople.CreateMemberAsync(Factory, supplier.Id, OrganizationRole.SupplierStaff);
        var user = await db.Users.SingleAsync(u => u.Email == applicant);
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "9353262" + string.Concat(Enumerable.Range(0, 10).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]));
        db.SupplierApplications.Add(SupplierApplication.Create(
            supplier, SupplierType.Cooperative, countyCode, first17 + UnifiedSocialCreditCodes.CheckCharacter(first17), "陶德明", "0876-3121234",
            "coop@example.com", user.Id, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return supplier.Id;
    }
}
