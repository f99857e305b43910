using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Core.Catalog;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Catalog;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

using static Marketplace.Web.Tests.UnitOrders.UnitOrderSeed;

namespace Marketplace.Web.Tests.UnitOrders;

/// <summary>A long roster's check reports how far it has got under the page's token; only its purchaser can read it.</summary>
public sealed class CheckProgressTests : WebAppFixture
{
    private const int People = 4000;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [Test]
    public async Task A_checks_progress_rises_to_every_line_checked_and_only_its_purchaser_reads_it()
    {
        var yanshan = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
        var code = "PROG-" + Guid.NewGuid().ToString("N")[..8];
        await ListingAsync(Factory, yanshan, ProductCategory.Uniforms, code, 1, true, Sku("M", 12800, 100_000, "M"), Sku("L", 12800, 100_000, "L"));
        var (purchaser, _) = await PurchaserAsync(Factory, "总装车间");
        var (other, _) = await PurchaserAsync(Factory, "质检部");
        var roster = new StringBuilder("姓名,工号,部门,服装,尺码,数量\n");
        for (var i = 0; i < People; i++)
        {
            roster.Append($"职工{i},E{i:00000},{(i % 2 == 0 ? "总装车间" : "质检部")},{code},{(i % 3 == 0 ? "L" : "M")},\n");
        }

        var token = Guid.NewGuid();
        var url = $"/api/unit-orders/check-progress/{token}";
        using (var before = await purchaser.GetAsync(url))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no check under this token yet");
        }

        var form = Form("Uniform", roster.ToString());
        form.Add(new StringContent(token.ToString()), "progressToken");
        var checking = purchaser.PostAsync("/api/unit-orders/check", form);
        var seen = new List<(int Checked, int Total, bool Done)>();
        while (!checking.IsCompleted)
        {
            using var poll = await purchaser.GetAsync(url);
            if (poll.StatusCode == HttpStatusCode.OK)
            {
                var p = await poll.Content.ReadFromJsonAsync<JsonElement>();
                seen.Add((p.GetProperty("checked").GetInt32(), p.GetProperty("total").GetInt32(), p.GetProperty("done").GetBoolean()));
            }

            await Task.Delay(20);
        }

        using var checkedResponse = await checking;
        var result = await checkedResponse.Content.ReadFromJsonAsync<JsonElement>();
        var final = await purchaser.GetFromJsonAsync<JsonElement>(url);
        using var othersLook = await other.GetAsync(url);
        TestContext.Out.WriteLine($"progress seen while checking {People} lines: {string.Join(" ", seen.Select(s => s.Checked))}");
        Assert.Multiple(() =>
        {
            Assert.That(checkedResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(result.GetProperty("errors").GetArrayLength(), Is.Zero);
            Assert.That(final.GetProperty("checked").GetInt32(), Is.EqualTo(People));
            Assert.That(final.GetProperty("total").GetInt32(), Is.EqualTo(People));
            Assert.That(final.GetProperty("done").GetBoolean(), Is.True);
            Assert.That(seen.Select(s => s.Total), Is.All.EqualTo(People));
            Assert.That(seen.Select(s => s.Checked), Is.Ordered, "progress never goes back");
            Assert.That(seen.Where(s => s.Done).Select(s => s.Checked), Is.All.EqualTo(People), "done only with every line checked");
            Assert.That(othersLook.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another purchaser cannot read it");
        });
    }

    [Test]
    public async Task A_progress_token_that_is_not_a_guid_is_refused_and_nothing_is_checked()
    {
        var (purchaser, _) = await PurchaserAsync(Factory, "总装车间");
        var form = Form("Uniform", "姓名,工号,部门,服装,尺码,数量\n张三,E001,总装车间,NONE,M,\n");
        form.Add(new StringContent("not-a-guid"), "progressToken");
        using var response = await purchaser.PostAsync("/api/unit-orders/check", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await SupplierListingClient.ErrorsAsync(response)).Keys, Does.Contain("progressToken"));
    }
}
