using System.Net;
using System.Text;
using System.Text.Json;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static Marketplace.Web.Tests.Catalog.SupplierListingClient;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>Bulk listing and stock import (CSV and xlsx, all or nothing, per-cell errors) and export that imports back.</summary>
public sealed class ListingImportTests : WebAppFixture
{
    private const string Header = "商品编码,商品名称,品牌,类目,描述,起订量,保质期（天）,配送范围,规格编码,规格,重量（克）,箱规,尺码,价格（元）,参考价（元）,库存,阶梯价,启用";

    /// <summary>The sheet with the optional lead-time column, as the export writes it.</summary>
    private const string LeadTimeHeader = "商品编码,商品名称,品牌,类目,描述,起订量,保质期（天）,配送范围,规格编码,规格,重量（克）,箱规,尺码,价格（元）,参考价（元）,库存,交货期（天）,阶梯价,启用";

    private HttpClient _luxi = null!;
    private Guid _luxiId;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _luxi = await SignInAsync(Factory, LuxiStaff);
        _luxiId = await SupplierIdAsync(Factory, DemoAccounts.LuxiPearFirm);
    }

    [OneTimeTearDown]
    public void SignOut() => _luxi.Dispose();

    [Test]
    public async Task A_csv_with_bad_lines_reports_exactly_those_lines_and_writes_nothing_then_the_fixed_file_imports_all()
    {
        var p = Prefix();
        string[] good =
        [
            $"{p}-1,高原梨,高原梨,新鲜水果,泸西高原梨,1,30,全国,{p}-1-5KG,5kg 装,5000,,,65.00,80.00,100,10:60.50;100:55.00,是",
            $"{p}-1,高原梨,高原梨,新鲜水果,泸西高原梨,1,30,全国,{p}-1-10KG,10kg 装,10000,,,118.8,,50,,是",
            $"{p}-2,泸西工装,,工装服饰,夏装短袖,10,,全国,{p}-2-L,夏装短袖 L,,,L,85.60,,500,,否",
        ];
        string[] bad =
        [
            $"{p}-1,高原梨,高原梨,新鲜水果,泸西高原梨,1,30,全国,{p}-1-5KG,5kg 装,5000,,,-65.00,80.00,100,,是",
            good[1],
            $"{p}-2,泸西工装,,工装服饰,夏装短袖,10,,全国,{p}-2-L,夏装短袖 L,,,,85.60,,500,10:90.00,否",
        ];

        using var refused = await ImportAsync("/import", Csv(bad), "listings.csv");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await refused.Content.ReadAsStringAsync());
        var lines = await LineErrorsAsync(refused);
        Assert.That(lines.Select(e => e.Line).Distinct(), Is.EqualTo(new[] { 2, 4 }));
        Assert.That(lines.Where(e => e.Line == 2).Select(e => e.Column), Is.EqualTo(new[] { "价格（元）" }));
        Assert.That(lines.Where(e => e.Line == 4).Select(e => e.Column), Is.EquivalentTo(new[] { "重量（克）", "阶梯价" }));
        Assert.That(await CountAsync(p), Is.Zero);

        using var imported = await ImportAsync("/import", Csv(good), "listings.csv");

        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());
        var result = await JsonAsync(imported);
        Assert.That(result.GetProperty("created").GetInt32(), Is.EqualTo(2));
        var pear = await InScopeAsync(Factory, db => db.Listings.Include(l => l.Skus).SingleAsync(l => l.ProductCode == p + "-1"));
        Assert.Multiple(() =>
        {
            Assert.That(pear.CountyCode, Is.EqualTo("532527"));
            var skus = pear.Skus.OrderBy(s => s.Position).ToList();
            Assert.That(skus.Select(s => s.PriceFen), Is.EqualTo(new long[] { 6500, 11880 }));
            Assert.That(skus[0].VolumeTiers.OrderBy(t => t.MinQuantity).Select(t => (t.MinQuantity, t.PriceFen)), Is.EqualTo(new[] { (10, 6050L), (100, 5500L) }));
            Assert.That(skus[0].ReferencePriceFen, Is.EqualTo(8000));
        });
    }

    [Test]
    public async Task An_xlsx_with_a_bad_line_writes_nothing_and_the_fixed_one_imports()
    {
        var p = Prefix();
        var rows = new List<Dictionary<string, object?>>
        {
            Row(p + "-1", p + "-1-A", "39.90", "200"),
            Row(p + "-1", p + "-1-B", "59.9", "abc"),
            Row(p + "-2", p + "-2-A", "12.345", "10"),
        };

        using var refused = await ImportAsync("/import", Xlsx(rows), "listings.xlsx");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await refused.Content.ReadAsStringAsync());
        var lines = await LineErrorsAsync(refused);
        Assert.That(lines.Select(e => (e.Line, e.Column)), Is.EqualTo(new[] { (3, "库存"), (4, "价格（元）") }));
        Assert.That(await CountAsync(p), Is.Zero);

        rows[1]["库存"] = 20;
        rows[2]["价格（元）"] = 12.34;
        using var imported = await ImportAsync("/import", Xlsx(rows), "listings.xlsx");

        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());
        var prices = await InScopeAsync(Factory, db => db.ListingSkus.Where(s => s.Code.StartsWith(p)).OrderBy(s => s.Code).Select(s => s.PriceFen).ToListAsync());
        Assert.That(prices, Is.EqualTo(new long[] { 3990, 5990, 1234 }));
    }

    [TestCase("csv")]
    [TestCase("xlsx")]
    public async Task An_export_imports_back_unchanged(string format)
    {
        var p = Prefix();
        using (var seeded = await ImportAsync("/import", Csv(
            $"{p}-1,高原梨,高原梨,新鲜水果,\"泸西高原梨，脆甜多汁\",1,30,全国,{p}-1-5KG,5kg 装,5000,\"40×30×20cm, 4 箱\",,65.00,80.00,100,10:60.50;100:55.00,是"), "seed.csv"))
        using (var madeToOrder = await ImportAsync("/import", LeadTimeCsv(
            $"{p}-2,泸西工装,,工装服饰,夏装短袖,10,,全国,{p}-2-L,夏装短袖 L,,,L,85.60,,0,21,,是",
            $"{p}-2,泸西工装,,工装服饰,夏装短袖,10,,全国,{p}-2-M,夏装短袖 M,,,M,85.60,,5,,,是"), "seed.csv"))
        {
            Assert.That(seeded.StatusCode, Is.EqualTo(HttpStatusCode.OK), await seeded.Content.ReadAsStringAsync());
            Assert.That(madeToOrder.StatusCode, Is.EqualTo(HttpStatusCode.OK), await madeToOrder.Content.ReadAsStringAsync());
        }

        var before = await SnapshotAsync(p);
        Assert.That(before, Does.Contain("\"LeadTimeDays\":21"));
        using var export = await _luxi.GetAsync($"{Listings(_luxiId)}/export?format={format}");
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var file = await export.Content.ReadAsByteArrayAsync();
        if (format == "csv")
        {
            var csv = Encoding.UTF8.GetString(file);
            Assert.That(csv, Does.Contain(",库存,交货期（天）,阶梯价,").And.Contain($"{p}-2-L,夏装短袖 L,,,L,85.60,,0,21,"));
        }

        using var reimported = await ImportAsync("/import", file, "export." + format);

        Assert.That(reimported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reimported.Content.ReadAsStringAsync());
        var result = await JsonAsync(reimported);
        Assert.That(result.GetProperty("created").GetInt32(), Is.Zero);
        Assert.That(result.GetProperty("sentToReview").GetInt32(), Is.Zero);
        Assert.That(await SnapshotAsync(p), Is.EqualTo(before));
    }

    [Test]
    public async Task Lead_time_cells_out_of_range_or_not_numbers_are_bad_lines_in_either_language_and_the_fixed_file_imports()
    {
        var p = Prefix();
        string Garment(string size, string leadTime) => $"{p}-1,泸西工装,,工装服饰,夏装短袖,10,,全国,{p}-1-{size},夏装短袖 {size},,,{size},85.60,,0,{leadTime},,是";
        var bad = LeadTimeCsv(Garment("L", "181"), Garment("M", "十天"), Garment("S", "-1"), Garment("XL", "180"));

        using var refused = await ImportAsync("/import", bad, "listings.csv");
        using var english = await ImportAsync("/import?culture=en&ui-culture=en", bad, "listings.csv");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await refused.Content.ReadAsStringAsync());
        Assert.That(english.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var lines = await LineErrorsAsync(refused);
        var englishLines = await LineErrorsAsync(english);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(e => (e.Line, e.Column)), Is.EquivalentTo(new[] { (2, "交货期（天）"), (3, "交货期（天）"), (4, "交货期（天）") }));
            Assert.That(lines.Single(e => e.Line == 2).Message, Is.EqualTo("交货期（天）须在 0 到 180 之间。"));
            Assert.That(lines.Single(e => e.Line == 3).Message, Does.Contain("十天"));
            Assert.That(englishLines.Select(e => (e.Line, e.Column)), Is.EquivalentTo(new[] { (2, "lead time days"), (3, "lead time days"), (4, "lead time days") }));
            Assert.That(englishLines.Single(e => e.Line == 2).Message, Is.EqualTo("Lead time (days) must be between 0 and 180."));
        });
        Assert.That(await CountAsync(p), Is.Zero);

        using var imported = await ImportAsync("/import", LeadTimeCsv(Garment("L", "30"), Garment("M", ""), Garment("S", "0"), Garment("XL", "180")), "listings.csv");

        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());
        var leadTimes = await InScopeAsync(Factory, db => db.ListingSkus.Where(s => s.Code.StartsWith(p)).OrderBy(s => s.Position).Select(s => s.LeadTimeDays).ToListAsync());
        Assert.That(leadTimes, Is.EqualTo(new[] { 30, 0, 0, 180 }));
    }

    [Test]
    public async Task Stock_import_sets_stock_and_refuses_unknown_skus_and_negative_stock_without_writing()
    {
        var p = Prefix();
        using (var seeded = await ImportAsync("/import", Csv(
            $"{p}-1,高原梨,高原梨,新鲜水果,,1,30,全国,{p}-A,5kg 装,5000,,,65.00,,100,,是",
            $"{p}-1,高原梨,高原梨,新鲜水果,,1,30,全国,{p}-B,10kg 装,10000,,,120.00,,100,,是"), "seed.csv"))
        {
            Assert.That(seeded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var stockCsv = (string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", ["商品编码,规格编码,库存", .. lines]));
        using var refused = await ImportAsync("/stock-import", stockCsv([$"{p}-1,{p}-A,5", $"{p}-1,{p}-X,5", $"{p}-1,{p}-B,-1"]), "stock.csv");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await LineErrorsAsync(refused)).Select(e => e.Line), Is.EqualTo(new[] { 3, 4 }));

        using var imported = await ImportAsync("/stock-import", stockCsv([$"{p}-1,{p}-A,5", $"{p}-1,{p}-B,0"]), "stock.csv");
        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());
        var stock = await InScopeAsync(Factory, db => db.ListingSkus.Where(s => s.Code.StartsWith(p)).OrderBy(s => s.Code).Select(s => s.StockSlots.Sum(slot => slot.Pieces)).ToListAsync());
        Assert.That(stock, Is.EqualTo(new[] { 5, 0 }));
    }

    [Test]
    public async Task A_file_that_is_not_a_sheet_is_a_bad_request_and_a_json_body_is_unsupported()
    {
        using var noHeader = await ImportAsync("/import", Encoding.UTF8.GetBytes("a,b,c\r\n1,2,3"), "x.csv");
        using var json = await _luxi.PostAsync($"{Listings(_luxiId)}/import", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.That(noHeader.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ErrorsAsync(noHeader))["file"][0], Does.Contain("商品编码"));
        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    private static string Prefix() => "LX" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. lines]) + "\r\n");

    private static byte[] LeadTimeCsv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", [LeadTimeHeader, .. lines]) + "\r\n");

    private static Dictionary<string, object?> Row(string product, string sku, object price, object stock) => new()
    {
        ["商品编码"] = product,
        ["商品名称"] = "泸西高原梨",
        ["品牌"] = "高原梨",
        ["类目"] = "Fruit",
        ["描述"] = "",
        ["起订量"] = 1,
        ["保质期（天）"] = 30,
        ["配送范围"] = "云南省内",
        ["规格编码"] = sku,
        ["规格"] = "5kg 装",
        ["重量（克）"] = 5000,
        ["箱规"] = null,
        ["尺码"] = null,
        ["价格（元）"] = price,
        ["参考价（元）"] = null,
        ["库存"] = stock,
        ["阶梯价"] = null,
        ["启用"] = "是",
    };

    private static byte[] Xlsx(List<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private async Task<HttpResponseMessage> ImportAsync(string path, byte[] content, string fileName) =>
        await UploadAsync(_luxi, Listings(_luxiId) + path, content, fileName, "application/octet-stream");

    private static async Task<List<LineError>> LineErrorsAsync(HttpResponseMessage response) =>
        (await JsonAsync(response)).GetProperty("lineErrors").Deserialize<List<LineError>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private Task<int> CountAsync(string prefix) => InScopeAsync(Factory, db => db.Listings.CountAsync(l => l.ProductCode.StartsWith(prefix)));

    private Task<string> SnapshotAsync(string prefix) => InScopeAsync(Factory, async db =>
    {
        var listings = await db.Listings.AsNoTracking().Include(l => l.Skus).Where(l => l.ProductCode.StartsWith(prefix)).OrderBy(l => l.ProductCode).ToListAsync();
        return JsonSerializer.Serialize(listings.Select(l => new
        {
            l.ProductCode, l.Name, l.Brand, l.Category, l.Description, l.MinimumOrderQuantity, l.ShelfLifeDays, l.ShippingRegions, l.Status,
            Skus = l.Skus.OrderBy(s => s.Position).Select(s => new
            {
                s.Code, s.Spec, s.WeightGrams, s.BoxSize, s.GarmentSize, s.PriceFen, s.ReferencePriceFen, s.Stock, s.LeadTimeDays, s.IsActive,
                Tiers = s.VolumeTiers.OrderBy(t => t.MinQuantity).Select(t => $"{t.MinQuantity}:{t.PriceFen}"),
            }),
        }));
    });

    private sealed record LineError(int Line, string Column, string Message);
}
