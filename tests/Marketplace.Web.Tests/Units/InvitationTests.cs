using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Invitations;
using Marketplace.Core.Organizations;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Units;

/// <summary>A unit admin invites an employee by email; the employee activates once and joins the unit.</summary>
public sealed class InvitationTests : WebAppFixture
{
    private Guid _unitA;
    private Guid _unitB;
    private string _adminA = "";

    [OneTimeSetUp]
    public async Task CreateUnits()
    {
        _unitA = await UnitPeople.CreateUnitAsync(Factory, "长安汽车");
        _unitB = await UnitPeople.CreateUnitAsync(Factory, "嘉陵特装");
        _adminA = await UnitPeople.CreateMemberAsync(Factory, _unitA, OrganizationRole.UnitAdmin);
    }

    [Test]
    public async Task An_invited_employee_activates_signs_in_and_is_an_employee_of_the_unit_and_the_link_works_once()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _adminA);
        var email = UnitPeople.NewEmail("employee");

        using var invited = await admin.PostAsJsonAsync($"/api/units/{_unitA}/invitations", new { name = "张伟", employeeNumber = "CA-0001", email, department = "财务部" });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Created), await invited.Content.ReadAsStringAsync());

        var link = Mailbox.LatestLink(Factory, email, InvitationEmails.ActivatePath);
        using var visitor = Factory.CreateBrowserLikeClient();
        var fields = new Dictionary<string, string>
        {
            ["Token"] = new Uri(link).Query.Split("token=")[1],
            ["DisplayName"] = "张伟",
            ["Password"] = UnitPeople.Password,
            ["ConfirmPassword"] = UnitPeople.Password,
        };
        using var activated = await Forms.PostAsync(visitor, link, "/account/activate", fields);
        Assert.That(await activated.Content.ReadAsStringAsync(), Does.Contain("id=\"activated\""));

        using var employee = await UnitPeople.SignInAsync(Factory, email);
        using var me = JsonDocument.Parse(await employee.GetStringAsync("/api/account/me"));
        var userId = Guid.Parse(me.RootElement.GetProperty("id").GetString()!);
        var membership = await UnitPeople.InScopeAsync(Factory, db => db.Memberships.Include(m => m.Roles).SingleAsync(m => m.UserId == userId));
        Assert.Multiple(() =>
        {
            Assert.That(membership.OrganizationId, Is.EqualTo(_unitA));
            Assert.That(membership.Roles.Select(r => r.Role), Is.EqualTo(new[] { OrganizationRole.Employee }));
        });

        using var again = await Forms.PostAsync(Factory.CreateBrowserLikeClient(), link, "/account/activate", fields);
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("id=\"invitation-invalid\""));
        var accepted = await UnitPeople.InScopeAsync(Factory, db => db.Invitations.SingleAsync(i => i.Email == email));
        Assert.That(accepted.Status, Is.EqualTo(InvitationStatus.Accepted));

        var actions = await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries
            .Where(e => e.SubjectId == accepted.Id.ToString() || (e.Action == AuditActions.RoleGranted && e.ActorUserId == userId))
            .Select(e => e.Action).ToListAsync());
        Assert.That(actions, Is.EquivalentTo(new[] { AuditActions.MembershipInvited, AuditActions.InvitationAccepted, AuditActions.RoleGranted }));
    }

    [Test]
    public async Task Inviting_an_address_that_already_has_an_account_is_a_validation_problem()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _adminA);

        using var response = await admin.PostAsJsonAsync($"/api/units/{_unitA}/invitations", new { name = "重复", email = _adminA });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").TryGetProperty("email", out _), Is.True);
    }

    [Test]
    public async Task Only_the_units_own_admin_may_invite_or_list()
    {
        var employeeA = await UnitPeople.CreateMemberAsync(Factory, _unitA, OrganizationRole.Employee);
        using var admin = await UnitPeople.SignInAsync(Factory, _adminA);
        using var employee = await UnitPeople.SignInAsync(Factory, employeeA);
        using var anonymous = Factory.CreateClient();
        var body = new { name = "李娜", email = UnitPeople.NewEmail() };

        using var intoB = await admin.PostAsJsonAsync($"/api/units/{_unitB}/invitations", body);
        using var byEmployee = await employee.PostAsJsonAsync($"/api/units/{_unitA}/invitations", body);
        using var byAnonymous = await anonymous.PostAsJsonAsync($"/api/units/{_unitA}/invitations", body);
        using var listB = await admin.GetAsync($"/api/units/{_unitB}/members");
        using var listA = await admin.GetAsync($"/api/units/{_unitA}/members");

        Assert.Multiple(() =>
        {
            Assert.That(intoB.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byEmployee.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(listB.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(listA.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Invitations.CountAsync(i => i.Email == body.email)), Is.Zero);
    }

    [Test]
    public async Task The_member_list_page_shows_members_and_invites_through_its_form()
    {
        using var admin = await UnitPeople.SignInAsync(Factory, _adminA);
        var email = UnitPeople.NewEmail("page");

        using var posted = await Forms.PostAsync(admin, "/unit/members", "/unit/members?handler=Invite", new Dictionary<string, string>
        {
            ["Invite.Name"] = "王芳",
            ["Invite.Email"] = email,
        });
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await posted.Content.ReadAsStringAsync());

        var page = await admin.GetStringAsync("/unit/members");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain(_adminA));
            Assert.That(page, Does.Contain(email));
            Assert.That(Mailbox.MessagesTo(Factory, email), Has.Count.EqualTo(1));
        });
    }
}
