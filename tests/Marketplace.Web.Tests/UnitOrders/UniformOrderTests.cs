using System.Net;
using System.Net.Http.Json;
using Marketplace.Core.Catalog;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

using static Marketplace.Web.Tests.UnitOrders.UnitOrderSeed;

namespace Marketplace.Web.Tests.UnitOrders;

/// <summary>A uniform order from a roster: unknown sizes and garments reported by line, per-size totals, packing lists per department and person.</summary>
public sealed class UniformOrderTests : WebAppFixture
{
    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [Test]
    public async Task A_roster_is_checked_by_line_totalled_per_size_and_packed_per_department_and_person()
    {
        var yanshan = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
        var shirtCode = "SHIRT-" + Guid.NewGuid().ToString("N")[..8];
        var pantsCode = "PANTS-" + Guid.NewGuid().ToString("N")[..8];
        var shirt = await ListingAsync(Factory, yanshan, ProductCategory.Uniforms, shirtCode, 1, true,
            Sku("S", 12800, 50, "S"), Sku("M", 12800, 50, "M"), Sku("L", 12800, 50, "L"), Sku("XL", 12800, 50, "XL"));
        var pants = await ListingAsync(Factory, yanshan, ProductCategory.Uniforms, pantsCode, 1, true,
            Sku("165", 9800, 50, "165"), Sku("170", 9800, 50, "170"), Sku("175", 9800, 50, "175"));
        var (purchaser, _) = await PurchaserAsync(Factory, "总装车间");

        const string header = "姓名,工号,部门,服装,尺码,数量\n";
        var good = new[]
        {
            $"张三,E001,总装车间,{shirtCode},M,",
            $"李四,E002,总装车间,{shirtCode},L,2",
            $"王五,E003,质检部,{shirtCode.ToLowerInvariant()},m,",
            $"赵六,E004,质检部,{pantsCode},170,",
            $"张三,E001,总装车间,{pantsCode},175,",
        };
        var withBad = header + string.Join("\n", good.Take(4)) + $"\n钱七,E005,质检部,{shirtCode},XXL,\n孙八,E006,总装车间,NO-SUCH-GARMENT,M,\n{good[4]}\n";

        var check = await CheckAsync(purchaser, "Uniform", withBad);
        var errors = check.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Message: e.GetProperty("message").GetString()!)).ToList();
        using var refused = await SubmitAsync(purchaser, "Uniform", withBad);
        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.Line), Is.EqualTo(new[] { 6, 7 }));
            Assert.That(errors[0].Message, Does.Contain("XXL").And.Contain("S、M、L、XL"));
            Assert.That(errors[1].Message, Does.Contain("NO-SUCH-GARMENT"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });

        var roster = header + string.Join("\n", good) + "\n";
        var totals = (await CheckAsync(purchaser, "Uniform", roster)).GetProperty("totals").EnumerateArray()
            .ToDictionary(t => t.GetProperty("skuId").GetGuid(), t => t.GetProperty("quantity").GetInt32());
        Assert.That(totals, Is.EquivalentTo(new Dictionary<Guid, int> { [shirt[1]] = 2, [shirt[2]] = 2, [pants[1]] = 1, [pants[2]] = 1 }));

        using var accepted = await SubmitAsync(purchaser, "Uniform", roster);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        var order = await PlacedAsync(purchaser, accepted.Headers.Location!.ToString());
        Assert.That(order.GetProperty("totalFen").GetInt64(), Is.EqualTo((4 * 12800) + (2 * 9800)));
        await PayAsync(Factory, order.GetProperty("id").GetGuid(), order.GetProperty("totalFen").GetInt64());

        using var staff = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        var subOrderId = order.GetProperty("subOrders")[0].GetProperty("id").GetGuid();
        var byDepartment = await SheetAsync(staff, yanshan, subOrderId, "department");
        var byPerson = await SheetAsync(staff, yanshan, subOrderId, "person");
        using var xlsx = await staff.GetAsync($"/api/suppliers/{yanshan}/sub-orders/{subOrderId}/packing-list?format=xlsx&by=person");
        using var page = await staff.GetAsync($"/supplier/orders/{subOrderId}/packing-list?by=department");
        var pageText = await page.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(byDepartment.Skip(1), Is.EqualTo(new[]
            {
                "总装车间,新疆棉夏季工装,尺码 175,1",
                "总装车间,新疆棉夏季工装,尺码 L,2",
                "总装车间,新疆棉夏季工装,尺码 M,1",
                "质检部,新疆棉夏季工装,尺码 170,1",
                "质检部,新疆棉夏季工装,尺码 M,1",
            }));
            Assert.That(byPerson.Skip(1), Is.EqualTo(new[]
            {
                "总装车间,张三,E001,新疆棉夏季工装,尺码 175,1",
                "总装车间,张三,E001,新疆棉夏季工装,尺码 M,1",
                "总装车间,李四,E002,新疆棉夏季工装,尺码 L,2",
                "质检部,王五,E003,新疆棉夏季工装,尺码 M,1",
                "质检部,赵六,E004,新疆棉夏季工装,尺码 170,1",
            }));
            Assert.That(xlsx.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            Assert.That((await xlsx.Content.ReadAsByteArrayAsync())[..2], Is.EqualTo("PK"u8.ToArray()));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(pageText, Does.Contain("质检部").And.Contain("总装车间"));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.RosterEntries.CountAsync(r => r.OrderId == order.GetProperty("id").GetGuid())), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task A_made_to_order_garment_is_taken_beyond_stock_with_its_promised_date_and_a_stock_garment_is_not()
    {
        var yanshan = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
        var sewnCode = "SEWN-" + Guid.NewGuid().ToString("N")[..8];
        var keptCode = "KEPT-" + Guid.NewGuid().ToString("N")[..8];
        var sewn = await ListingAsync(Factory, yanshan, ProductCategory.Uniforms, sewnCode, 1, true, Sku("M", 12800, 2, "M") with { LeadTimeDays = 45 }, Sku("L", 12800, 2, "L") with { LeadTimeDays = 45 });
        var kept = await ListingAsync(Factory, yanshan, ProductCategory.Uniforms, keptCode, 1, true, Sku("M", 9800, 2, "M"));
        var (purchaser, _) = await PurchaserAsync(Factory, "总装车间");
        var readyBy = ChinaCalendar.DateOf(DateTime.UtcNow).AddDays(45).ToString("yyyy-MM-dd");

        const string header = "姓名,工号,部门,服装,尺码,数量\n";
        var sewnLines = $"张三,E001,总装车间,{sewnCode},M,2\n李四,E002,总装车间,{sewnCode},M,1\n王五,E003,质检部,{sewnCode},L,\n";
        var keptLines = $"张三,E001,总装车间,{keptCode},M,\n李四,E002,总装车间,{keptCode},M,\n王五,E003,质检部,{keptCode},M,\n";
        var both = await CheckAsync(purchaser, "Uniform", header + sewnLines + keptLines);
        var errors = both.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.Line), Is.EqualTo(new[] { 5, 6, 7 }), "Only the stock garment's lines are short: it has 2 and the roster wants 3.");
            Assert.That(errors[0].Message, Does.Contain("库存"));
        });

        var check = await CheckAsync(purchaser, "Uniform", header + sewnLines);
        var totals = check.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("skuId").GetGuid());
        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("errors").GetArrayLength(), Is.Zero);
            Assert.That(totals[sewn[0]].GetProperty("quantity").GetInt32(), Is.EqualTo(3), "3 pieces of M with 2 in stock");
            Assert.That(totals[sewn[0]].GetProperty("readyBy").GetString(), Is.EqualTo(readyBy));
        });

        using var accepted = await SubmitAsync(purchaser, "Uniform", header + sewnLines);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        var order = await PlacedAsync(purchaser, accepted.Headers.Location!.ToString());
        var orderId = order.GetProperty("id").GetGuid();
        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("AwaitingPayment"));
            Assert.That(order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("readyBy").GetString()), Is.All.EqualTo(readyBy));
            Assert.That(await StockAsync(sewn[0]), Is.EqualTo(2), "A made-to-order line reserves no stock.");
        });

        await PayAsync(Factory, orderId, order.GetProperty("totalFen").GetInt64());
        using var staff = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        var subOrderId = order.GetProperty("subOrders")[0].GetProperty("id").GetGuid();
        var byPerson = await SheetAsync(staff, yanshan, subOrderId, "person");
        var page = await staff.GetStringAsync($"/supplier/orders/{subOrderId}/packing-list?by=place");
        Assert.Multiple(() =>
        {
            Assert.That(byPerson[0], Does.EndWith("承诺备货日期"));
            Assert.That(byPerson.Skip(1), Is.All.EndWith("," + readyBy));
            Assert.That(page, Does.Contain(readyBy));
        });

        using var cancelled = await purchaser.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { reason = "尺码统计有误" });
        Assert.That(cancelled.IsSuccessStatusCode, Is.True, await cancelled.Content.ReadAsStringAsync());
        Assert.That(await StockAsync(sewn[0]), Is.EqualTo(2), "Cancelling gives back nothing a made-to-order line never took.");
    }

    private Task<int> StockAsync(Guid skuId) => UnitPeople.InScopeAsync(Factory, db => db.ListingSkus.Where(s => s.Id == skuId).Select(s => s.StockSlots.Sum(slot => slot.Pieces)).SingleAsync());

    private static async Task<string[]> SheetAsync(HttpClient staff, Guid supplierId, Guid subOrderId, string by) =>
        (await staff.GetStringAsync($"/api/suppliers/{supplierId}/sub-orders/{subOrderId}/packing-list?format=csv&by={by}"))
            .TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
