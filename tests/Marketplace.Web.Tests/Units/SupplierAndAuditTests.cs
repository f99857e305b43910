using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Accounts;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Units;

/// <summary>The supplier sign-up path, and the audit log that operators (and only they) read.</summary>
public sealed class SupplierAndAuditTests : WebAppFixture
{
    [Test]
    public async Task A_supplier_application_creates_the_organization_the_application_and_a_supplier_admin()
    {
        using var anonymous = Factory.CreateClient();
        var accountEmail = UnitPeople.NewEmail("supplier");
        var code = NewCreditCode();

        using var response = await anonymous.PostAsJsonAsync("/api/suppliers/applications", new
        {
            name = "砚山县文山牛养殖专业合作社" + code[..4],
            type = "Cooperative",
            countyCode = "532622",
            unifiedSocialCreditCode = code,
            contactPerson = "陶德明",
            phone = "0876-3121234",
            email = "coop@example.com",
            displayName = "陶德明",
            accountEmail,
            accountPassword = UnitPeople.Password,
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var organizationId = Guid.Parse(body.RootElement.GetProperty("organizationId").GetString()!);
        var userId = Guid.Parse(body.RootElement.GetProperty("userId").GetString()!);
        var (organization, application, membership, audited) = await UnitPeople.InScopeAsync(Factory, async db => (
            await db.Organizations.SingleAsync(o => o.Id == organizationId),
            await db.SupplierApplications.SingleAsync(a => a.OrganizationId == organizationId),
            await db.Memberships.Include(m => m.Roles).SingleAsync(m => m.UserId == userId),
            await db.AuditEntries.Where(e => e.ActorUserId == userId).Select(e => e.Action).ToListAsync()));
        Assert.Multiple(() =>
        {
            Assert.That(organization.Kind, Is.EqualTo(OrganizationKind.Supplier));
            Assert.That(application.Status, Is.EqualTo(CertificationStatus.Applied));
            Assert.That(application.UnifiedSocialCreditCode, Is.EqualTo(code));
            Assert.That(membership.OrganizationId, Is.EqualTo(organizationId));
            Assert.That(membership.Roles.Select(r => r.Role), Is.EqualTo(new[] { OrganizationRole.SupplierAdmin }));
            Assert.That(audited, Is.EquivalentTo(new[] { AuditActions.SupplierApplied, AuditActions.RoleGranted }));
            Assert.That(Mailbox.LatestLink(Factory, accountEmail, AccountPaths.ConfirmEmail), Is.Not.Empty);
        });
    }

    [Test]
    public async Task A_bad_credit_code_and_county_code_are_validation_problems_and_create_nothing()
    {
        using var anonymous = Factory.CreateClient();
        var accountEmail = UnitPeople.NewEmail("supplier");
        var code = NewCreditCode();
        var wrongCheck = code[..17] + (code[17] == '0' ? '1' : '0');

        using var response = await anonymous.PostAsJsonAsync("/api/suppliers/applications", new
        {
            name = "泸西县高原梨合作社",
            type = "Cooperative",
            countyCode = "53252",
            unifiedSocialCreditCode = wrongCheck,
            contactPerson = "李",
            phone = "13800138000",
            email = "pear@example.com",
            displayName = "李",
            accountEmail,
            accountPassword = UnitPeople.Password,
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.That(errors.TryGetProperty("unifiedSocialCreditCode", out _) && errors.TryGetProperty("countyCode", out _), Is.True, errors.ToString());
        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Users.CountAsync(u => u.Email == accountEmail)), Is.Zero);
    }

    [Test]
    public async Task Operators_read_the_audit_log_with_failed_sign_ins_and_invitations_and_unit_admins_may_not()
    {
        var unit = await UnitPeople.CreateUnitAsync(Factory, "财务公司");
        var adminEmail = await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.UnitAdmin);
        var operatorEmail = await UnitPeople.CreateOperatorAsync(Factory);
        using var admin = await UnitPeople.SignInAsync(Factory, adminEmail);
        using var operatorClient = await UnitPeople.SignInAsync(Factory, operatorEmail);
        using var anonymous = Factory.CreateClient();
        using var invited = await admin.PostAsJsonAsync($"/api/units/{unit}/invitations", new { name = "陈", email = UnitPeople.NewEmail() });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var failed = await anonymous.PostAsJsonAsync("/api/account/login", new { email = adminEmail, password = "not the password" });
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var byAdmin = await admin.GetAsync("/api/audit");
        using var byAnonymous = await anonymous.GetAsync("/api/audit");
        Assert.That(byAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var signIns = JsonDocument.Parse(await operatorClient.GetStringAsync("/api/audit?action=sign-in.failed"));
        Assert.That(signIns.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("details").GetString()),
            Has.Some.Contains(adminEmail));
        using var invitations = JsonDocument.Parse(await operatorClient.GetStringAsync("/api/audit?action=membership.invited"));
        Assert.That(invitations.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("actorOrganizationId").GetString()),
            Has.Some.EqualTo(unit.ToString()));

        var page = await operatorClient.GetStringAsync("/operator/audit");
        Assert.That(page, Does.Contain("sign-in.failed").And.Contain("审计日志"));
        using var pageByAdmin = await admin.GetAsync("/operator/audit");
        Assert.That(pageByAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(pageByAdmin.Headers.Location?.ToString(), Does.Contain(AccountPaths.AccessDenied));
    }

    [Test]
    public async Task Audit_pages_follow_the_cursor_without_repeating_an_entry()
    {
        var operatorEmail = await UnitPeople.CreateOperatorAsync(Factory);
        using var anonymous = Factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var failed = await anonymous.PostAsJsonAsync("/api/account/login", new { email = UnitPeople.NewEmail("nobody"), password = "wrong password" });
        }

        using var operatorClient = await UnitPeople.SignInAsync(Factory, operatorEmail);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var page = JsonDocument.Parse(await operatorClient.GetStringAsync(
                "/api/audit?action=sign-in.failed&limit=1" + (cursor is null ? "" : "&cursor=" + cursor)));
            seen.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            cursor = page.RootElement.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.That(seen, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(seen, Is.Unique);
        using var badCursor = await operatorClient.GetAsync("/api/audit?cursor=%%%");
        Assert.That(badCursor.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static string NewCreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "9153262" + string.Concat(Enumerable.Range(0, 10).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]));
        return first17 + UnifiedSocialCreditCodes.CheckCharacter(first17);
    }
}
