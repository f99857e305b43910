using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Core.Assistance;
using Marketplace.Core.Catalog;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

using static Marketplace.Web.Tests.UnitOrders.UnitOrderSeed;

namespace Marketplace.Web.Tests.UnitOrders;

/// <summary>A 10,000-line bulk order to 20 places through HTTP on the embedded default: every bad line reported, nothing ordered until all are good.</summary>
public sealed class BulkOrderTests : WebAppFixture
{
    private const int Skus = 500;
    private const int Places = 20;

    private static readonly string[] PlacedStates = ["AwaitingPayment", "AwaitingApproval"];

    private Guid _yanshanId;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task FindSupplier() =>
        _yanshanId = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());

    [Test]
    public async Task A_10000_line_upload_with_37_bad_lines_reports_exactly_those_and_orders_nothing_then_fixed_orders_all()
    {
        var labels = Enumerable.Range(1, Places).Select(i => $"车间{i:00}").ToArray();
        var (purchaser, userId) = await PurchaserAsync(Factory, labels);
        var skus = new List<Guid>();
        for (var listing = 0; listing < Skus / 50; listing++)
        {
            // The first listing has a volume tier that only the SKU's pieces over all 20 places reach.
            var tiered = listing == 0;
            skus.AddRange(await ListingAsync(Factory, _yanshanId, ProductCategory.Meat, $"B{listing:00}-{Guid.NewGuid():N}"[..20], 1, true,
                [.. Enumerable.Range(0, 50).Select(i => Sku($"S{i:00}", 1000, 1000, null, tiered ? [new VolumeTier(30, 900)] : []))]));
        }

        var unpublished = await ListingAsync(Factory, _yanshanId, ProductCategory.Meat, "DRAFT-" + Guid.NewGuid().ToString("N")[..8], 1, false,
            [.. Enumerable.Range(0, 4).Select(i => Sku($"D{i}", 1000, 1000))]);
        var scarce = await ListingAsync(Factory, _yanshanId, ProductCategory.Meat, "LOW-" + Guid.NewGuid().ToString("N")[..8], 1, true,
            [.. Enumerable.Range(0, 4).Select(i => Sku($"L{i}", 1000, 5))]);
        var wholesale = await ListingAsync(Factory, _yanshanId, ProductCategory.Meat, "MOQ-" + Guid.NewGuid().ToString("N")[..8], 100, true,
            Sku("M0", 1000, 1000), Sku("M1", 1000, 1000));

        var good = Enumerable.Range(0, Skus * Places).Select(k => (Sku: skus[k / Places].ToString(), Quantity: (1 + (k % 3)).ToString(), Place: labels[k % Places])).ToArray();
        var bad = ((string Sku, string Quantity, string Place)[])good.Clone();
        var expected = new Dictionary<int, string>();
        string[] quantities = ["0", "-3", "abc", "2.5", "", "100001", "1e3"];
        for (var j = 0; j < 37; j++)
        {
            var k = 17 + (j * 269);
            var (sku, quantity, place) = good[k];
            (bad[k], expected[k + 2]) = j switch
            {
                < 5 => ((Guid.NewGuid().ToString(), quantity, place), "未知的规格编号"),
                < 8 => (("ABC-123", quantity, place), "未知的规格编号"),
                < 15 => ((sku, quantities[j - 8], place), "数量"),
                < 21 => ((sku, quantity, "不存在的车间"), "不在地址簿中"),
                < 27 => (good[k - 1], $"与第 {k + 1} 行重复"),
                < 31 => ((unpublished[j - 27].ToString(), quantity, place), "未上架"),
                < 35 => ((scarce[j - 31].ToString(), "9", place), "库存不足"),
                _ => ((wholesale[j - 35].ToString(), "1", place), "起订量"),
            };
        }

        var stockBefore = await StockAsync(skus);
        var check = await CheckAsync(purchaser, "Bulk", Csv(bad));
        using var refused = await SubmitAsync(purchaser, "Bulk", Csv(bad));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var errors = check.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(check.GetProperty("rows").GetInt32(), Is.EqualTo(Skus * Places));
            Assert.That(errors.Select(e => e.Line), Is.EquivalentTo(expected.Keys), "exactly the 37 bad lines, each once");
            foreach (var (line, message) in errors)
            {
                Assert.That(message, Does.Contain(expected[line]), $"line {line}");
            }

            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("lineErrors").GetArrayLength(), Is.EqualTo(37));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.BuyerUserId == userId)), Is.Zero, "nothing ordered");
            Assert.That(await StockAsync(skus), Is.EqualTo(stockBefore));
        });

        var started = DateTime.UtcNow;
        using var accepted = await SubmitAsync(purchaser, "Bulk", Csv(good), poNumber: "PO-2021-0901");
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        var acceptedAfter = DateTime.UtcNow - started;
        var order = await PlacedAsync(purchaser, accepted.Headers.Location!.ToString());
        TestContext.Out.WriteLine($"10,000 lines checked and accepted in {acceptedAfter.TotalMilliseconds:F0} ms, placed after {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");

        var pieces = good.Select(g => int.Parse(g.Quantity)).ToArray();
        var expectedTotal = Enumerable.Range(0, Skus).Sum(s =>
        {
            var total = pieces.Skip(s * Places).Take(Places).Sum();
            return (long)total * (s < 50 && total >= 30 ? 900 : 1000);
        });
        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.AnyOf(PlacedStates));
            Assert.That(order.GetProperty("lines").GetArrayLength(), Is.EqualTo(Skus * Places));
            Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo(expectedTotal));
            Assert.That(order.GetProperty("channel").GetString(), Is.EqualTo("UnitCollective"));
            Assert.That(await StockAsync(skus), Is.EqualTo(stockBefore - pieces.Sum()));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.OrderDeliveries.CountAsync(d => d.OrderId == order.GetProperty("id").GetGuid())), Is.EqualTo(Places));
        });
    }

    [Test]
    public async Task Per_line_addresses_and_pasted_rows_group_the_packing_list_by_place()
    {
        var (purchaser, _) = await PurchaserAsync(Factory, "总部");
        var skus = await ListingAsync(Factory, _yanshanId, ProductCategory.Meat, "P-" + Guid.NewGuid().ToString("N")[..10], 1, true, Sku("A", 1500, 100), Sku("B", 2500, 100));
        var csv = $"规格编号,数量,收货点,收货人,电话,地区,详细地址\n{skus[0]},3,,,,,\n{skus[0]},4,食堂,李梅,13900001111,云南省文山州,砚山县食堂路 2 号\n{skus[1]},2,食堂,李梅,13900001111,云南省文山州,砚山县食堂路 2 号\n";
        using var accepted = await SubmitAsync(purchaser, "Bulk", csv);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        var order = await PlacedAsync(purchaser, accepted.Headers.Location!.ToString());
        await PayAsync(Factory, order.GetProperty("id").GetGuid(), order.GetProperty("totalFen").GetInt64());
        var subOrderId = order.GetProperty("subOrders")[0].GetProperty("id").GetGuid();
        using var staff = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        var sheet = await PackingListAsync(staff, subOrderId, "place");
        using var otherSupplier = await UnitPeople.SignInAsync(Factory, "staff@luxi-pear.demo", DemoAccounts.Password);
        var luxiId = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.LuxiPearFirm).Select(o => o.Id).SingleAsync());
        using var foreign = await otherSupplier.GetAsync($"/api/suppliers/{luxiId}/sub-orders/{subOrderId}/packing-list?format=csv");
        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/suppliers/{_yanshanId}/sub-orders");
        var ledger = await LedgerEntries.ForOrderAsync(Factory, order.GetProperty("id").GetGuid(), 3);
        Assert.Multiple(() =>
        {
            Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo((7 * 1500) + (2 * 2500)));
            // A paid bulk order counts in the statistics as the unit's collective purchase with the group's money.
            Assert.That(ledger.Select(e => (e.Channel, e.Measure)).Distinct(), Is.EqualTo(new[] { (LedgerChannel.UnitCollective, AssistanceMeasure.DirectPurchase) }));
            Assert.That(ledger.Sum(e => e.AmountFen), Is.EqualTo((7 * 1500) + (2 * 2500)));
            Assert.That(sheet, Has.Length.EqualTo(4), string.Join("\n", sheet));
            Assert.That(sheet[1], Does.StartWith("总部,王建国").And.Contains(",3"));
            Assert.That(sheet[2], Does.StartWith("食堂,李梅,13900001111,云南省文山州 砚山县食堂路 2 号").And.EndWith(",4"));
            Assert.That(sheet[3], Does.StartWith("食堂,李梅").And.EndWith(",2"));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(list.EnumerateArray().Single(s => s.GetProperty("subOrderId").GetGuid() == subOrderId).GetProperty("kind").GetString(), Is.EqualTo("Bulk"));
        });
    }

    [Test]
    public async Task Bad_forms_are_problems_and_change_nothing()
    {
        var (purchaser, userId) = await PurchaserAsync(Factory, "总部");
        using var noKind = await purchaser.PostAsync("/api/unit-orders/check", Form("Standard", "规格编号,数量\n"));
        using var json = await purchaser.PostAsync("/api/unit-orders/check", JsonContent.Create(new { kind = "Bulk" }));
        using var missingColumn = await purchaser.PostAsync("/api/unit-orders/check", Form("Bulk", "数量\n1\n"));
        using var noKey = await purchaser.PostAsync("/api/unit-orders", Form("Bulk", "规格编号,数量\n"));
        using var employee = await UnitPeople.SignInAsync(Factory, "employee@changan.demo", DemoAccounts.Password);
        using var notPurchaser = await SubmitAsync(employee, "Bulk", "规格编号,数量\n");
        Assert.Multiple(async () =>
        {
            Assert.That(noKind.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await noKind.Content.ReadAsStringAsync(), Does.Contain("kind").And.Contain("提交的内容有误 / Validation failed"));
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(missingColumn.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await missingColumn.Content.ReadAsStringAsync(), Does.Contain("规格编号"));
            Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(notPurchaser.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.CountAsync(o => o.BuyerUserId == userId)), Is.Zero);
        });
    }

    [Test]
    public async Task A_draft_is_saved_resumed_and_only_its_owner_sees_it()
    {
        var (purchaser, _) = await PurchaserAsync(Factory, "总部");
        var (other, _) = await PurchaserAsync(Factory, "总部");
        using var saved = await purchaser.PostAsJsonAsync("/api/unit-orders/drafts", new { kind = "Bulk", name = "中秋福利", content = "规格编号,数量\nX,1\n", poNumber = "PO-1" });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Created), await saved.Content.ReadAsStringAsync());
        var location = saved.Headers.Location!.ToString();
        using var changed = await purchaser.PutAsJsonAsync(location, new { kind = "Bulk", name = "中秋福利", content = "规格编号,数量\nY,2\n" });
        var draft = await purchaser.GetFromJsonAsync<JsonElement>(location);
        using var foreign = await other.GetAsync(location);
        using var page = await purchaser.GetAsync("/unit/bulk-order?draft=" + draft.GetProperty("id").GetGuid());
        Assert.Multiple(async () =>
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(draft.GetProperty("content").GetString(), Does.Contain("Y,2"));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Y,2").And.Contain("中秋福利"));
        });
    }

    private static string Csv(IEnumerable<(string Sku, string Quantity, string Place)> lines)
    {
        var csv = new StringBuilder("规格编号,数量,收货点\n");
        foreach (var (sku, quantity, place) in lines)
        {
            csv.Append(sku).Append(',').Append(quantity).Append(',').Append(place).Append('\n');
        }

        return csv.ToString();
    }

    private Task<long> StockAsync(List<Guid> skus) =>
        UnitPeople.InScopeAsync(Factory, db => db.ListingSkus.AsNoTracking().Where(s => skus.Contains(s.Id)).SelectMany(s => s.StockSlots).SumAsync(slot => (long)slot.Pieces));

    private async Task<string[]> PackingListAsync(HttpClient staff, Guid subOrderId, string by) =>
        (await staff.GetStringAsync($"/api/suppliers/{_yanshanId}/sub-orders/{subOrderId}/packing-list?format=csv&by={by}"))
            .TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
