using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.AssistedAreas;

/// <summary>The assisted counties: shipped reference data, operators adding counties and dated unit assignments.</summary>
public sealed class CountiesTests : WebAppFixture
{
    [Test]
    public async Task Anyone_lists_the_shipped_counties()
    {
        using var anonymous = Factory.CreateClient();
        using var counties = JsonDocument.Parse(await anonymous.GetStringAsync("/api/counties"));
        var byCode = counties.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!, c => c);

        Assert.Multiple(() =>
        {
            Assert.That(byCode["532622"].GetProperty("name").GetString(), Is.EqualTo("砚山县"));
            Assert.That(byCode["532622"].GetProperty("region").GetString(), Is.EqualTo("YunnanDesignated"));
            Assert.That(byCode["532622"].GetProperty("assistanceType").GetString(), Is.EqualTo("Designated"));
            Assert.That(byCode["532527"].GetProperty("name").GetString(), Is.EqualTo("泸西县"));
            Assert.That(byCode["653221"].GetProperty("region").GetString(), Is.EqualTo("Xinjiang"));
            Assert.That(byCode["540402"].GetProperty("region").GetString(), Is.EqualTo("Tibet"));
        });
    }

    [Test]
    public async Task An_operator_adds_a_county_and_assigns_and_ends_a_unit_and_others_may_not()
    {
        using var operatorClient = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateOperatorAsync(Factory));
        var unit = await UnitPeople.CreateUnitAsync(Factory, "长安汽车");
        using var admin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, unit, Marketplace.Core.Organizations.OrganizationRole.UnitAdmin));
        var county = new { code = "530521", name = "施甸县", prefecture = "保山市", province = "云南省", region = "Other", assistanceType = "EastWestCooperation" };

        using (var byAdmin = await admin.PostAsJsonAsync("/api/counties", county))
        {
            Assert.That(byAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        using (var added = await operatorClient.PostAsJsonAsync("/api/counties", county))
        {
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());
        }

        using (var again = await operatorClient.PostAsJsonAsync("/api/counties", county))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using (var badCode = await operatorClient.PostAsJsonAsync("/api/counties", county with { code = "53052" }))
        {
            Assert.That(badCode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using var assigned = await operatorClient.PostAsJsonAsync("/api/counties/530521/assignments",
            new { unitId = unit, assistanceType = "EastWestCooperation", validFrom = "2021-01-01" });
        Assert.That(assigned.StatusCode, Is.EqualTo(HttpStatusCode.Created), await assigned.Content.ReadAsStringAsync());
        using var assignment = JsonDocument.Parse(await assigned.Content.ReadAsStringAsync());
        var id = assignment.RootElement.GetProperty("id").GetString();
        Assert.That(assignment.RootElement.GetProperty("current").GetBoolean(), Is.True);

        using (var backwards = await operatorClient.PostAsJsonAsync($"/api/counties/530521/assignments/{id}/end", new { validTo = "2020-12-31" }))
        {
            Assert.That(backwards.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using (var ended = await operatorClient.PostAsJsonAsync($"/api/counties/530521/assignments/{id}/end", new { validTo = "2022-12-31" }))
        {
            Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ended.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await ended.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("current").GetBoolean(), Is.False);
        }

        var actions = await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries.Where(e => e.SubjectId == "530521").Select(e => e.Action).ToListAsync());
        Assert.That(actions, Is.EquivalentTo(new[] { AuditActions.CountyAdded, AuditActions.CountyAssigned, AuditActions.CountyAssignmentEnded }));
    }

    [Test]
    public async Task An_unknown_county_or_unordered_dates_in_an_assignment_are_validation_problems_and_nothing_is_written()
    {
        using var operatorClient = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateOperatorAsync(Factory));
        var unit = await UnitPeople.CreateUnitAsync(Factory, "嘉陵特装");

        using var unknown = await operatorClient.PostAsJsonAsync("/api/counties/123456/assignments",
            new { unitId = unit, assistanceType = "Designated", validFrom = "2021-01-01" });
        using var unordered = await operatorClient.PostAsJsonAsync("/api/counties/532622/assignments",
            new { unitId = unit, assistanceType = "Designated", validFrom = "2022-01-01", validTo = "2021-12-31" });

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").GetProperty("code")[0].GetString(), Does.Contain("123456"));
        Assert.That(unordered.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.UnitCountyAssignments.CountAsync(a => a.UnitId == unit)), Is.Zero);
    }
}
