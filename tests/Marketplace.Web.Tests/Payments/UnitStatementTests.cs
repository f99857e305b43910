using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Web.Localization;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Marketplace.Web.Tests.Payments;

/// <summary>
/// 单位月度对账单: a unit's orders either side of a China-time month boundary, a paid transfer, an unpaid order, a
/// transfer-paid order cancelled (its refund due by finance) and a test-paid order cancelled and paid back. The host's
/// demo clock is moved to 2026-10-31 23:30 and 2026-11-01 00:10 China time while they happen.
/// </summary>
public sealed class UnitStatementTests : WebAppFixture
{
    private static readonly DateTimeOffset OctoberLate = new(2026, 10, 31, 23, 30, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset NovemberEarly = new(2026, 11, 1, 0, 10, 0, TimeSpan.FromHours(8));

    private PaymentShop _shop = null!;
    private Guid _unit;
    private Guid _child;
    private HttpClient _purchaser = null!;
    private HttpClient _finance = null!;
    private HttpClient _admin = null!;
    private HttpClient _otherFinance = null!;
    private HttpClient _childFinance = null!;
    private HttpClient _operator = null!;
    private (Guid Id, long Total) _a, _b, _c, _d;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?>
    {
        ["DemoData:Enabled"] = "true",
        ["Ordering:SweepInterval"] = "01:00:00",
        // Orders placed "last month" by the moved clock must still wait for payment when the clock is back.
        ["Ordering:PaymentWindow"] = "400.00:00:00",
    });

    [OneTimeSetUp]
    public async Task Open()
    {
        _shop = await new PaymentShop(Factory).OpenAsync();
        _unit = await UnitPeople.CreateUnitAsync(Factory, "对账单位");
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            _child = (await scope.ServiceProvider.GetRequiredService<OrganizationTree>().AddMemberUnitAsync($"对账下级-{Guid.NewGuid():N}"[..20], null, _unit)).Id;
        }

        var other = await UnitPeople.CreateUnitAsync(Factory, "别的单位");
        _purchaser = await SignInAsync(_unit, OrganizationRole.Employee, OrganizationRole.UnitPurchaser);
        _finance = await SignInAsync(_unit, OrganizationRole.Employee, OrganizationRole.UnitFinance);
        _admin = await SignInAsync(_unit, OrganizationRole.Employee, OrganizationRole.UnitAdmin);
        _otherFinance = await SignInAsync(other, OrganizationRole.Employee, OrganizationRole.UnitFinance);
        _childFinance = await SignInAsync(_child, OrganizationRole.Employee, OrganizationRole.UnitFinance);
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);

        var clock = (DemoClock)Factory.Services.GetRequiredService<TimeProvider>();
        try
        {
            clock.TravelTo(OctoberLate);
            _a = await _shop.OrderAsync(priceFen: 12_345, quantity: 2, buyer: _purchaser, fundingSource: "UnitProcurement", poNumber: "PO-A");

            clock.TravelTo(NovemberEarly);
            await PayByTransferAsync(_a, "BANK-A");
            _b = await _shop.OrderAsync(priceFen: 5_000, quantity: 3, buyer: _purchaser, fundingSource: "UnitProcurement");
            _c = await _shop.OrderAsync(priceFen: 7_777, quantity: 1, buyer: _purchaser, fundingSource: "UnitProcurement");
            await PayByTransferAsync(_c, "BANK-C");
            await CancelAsync(_c.Id);
            _d = await _shop.OrderAsync(priceFen: 3_333, quantity: 3, buyer: _purchaser, fundingSource: "UnitProcurement");
            await PayOnTestPageAsync(_d.Id);
            await CancelAsync(_d.Id);
            var refunds = await _shop.RefundsSentAsync(_d.Id, 1);
            Assert.That(refunds.Single().Status, Is.EqualTo(RefundStatus.Succeeded));
        }
        finally
        {
            clock.Return();
        }
    }

    [OneTimeTearDown]
    public void Close()
    {
        foreach (var client in new[] { _shop.Buyer, _purchaser, _finance, _admin, _otherFinance, _childFinance, _operator })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task October_charges_the_order_placed_at_23_30_and_closes_with_it_due()
    {
        var october = await StatementAsync(_finance, "2026-10");

        Assert.Multiple(() =>
        {
            Assert.That(_a.Total, Is.EqualTo(24_690));
            Assert.That(Figures(october), Is.EqualTo((0L, 24_690L, 0L, 0L, 0L, 24_690L, 0L)));
            Assert.That(Orders(october), Is.EqualTo(new[] { (_a.Id, 0L, 24_690L, 0L, 0L, 0L, 24_690L) }));
            Assert.That(october.GetProperty("methods").GetArrayLength(), Is.Zero);
            Assert.That(october.GetProperty("firstDay").GetString(), Is.EqualTo("2026-10-01"));
            Assert.That(october.GetProperty("lastDay").GetString(), Is.EqualTo("2026-10-31"));
        });
    }

    [Test]
    public async Task November_opens_with_October_closing_and_every_figure_is_exact_to_the_fen()
    {
        var november = await StatementAsync(_finance, "2026-11");
        var (b, c, d) = (_b.Total, _c.Total, _d.Total);

        Assert.Multiple(() =>
        {
            Assert.That((b, c, d), Is.EqualTo((15_000L, 7_777L, 9_999L)));
            // opening a; charged b+c+d; credited c+d (cancellations); paid a+c+d; paid back d (test payment); closing b−c; c still due back.
            Assert.That(Figures(november), Is.EqualTo((24_690L, b + c + d, c + d, 24_690L + c + d, d, b - c, c)));
            Assert.That(Orders(november), Is.EquivalentTo(new[]
            {
                (_a.Id, 24_690L, 0L, 0L, 24_690L, 0L, 0L),
                (_b.Id, 0L, b, 0L, 0L, 0L, b),
                (_c.Id, 0L, c, c, c, 0L, -c),
                (_d.Id, 0L, d, d, d, d, 0L),
            }));
            var methods = november.GetProperty("methods").EnumerateArray()
                .Select(m => (m.GetProperty("method").GetString(), m.GetProperty("paidFen").GetInt64(), m.GetProperty("refundedFen").GetInt64()));
            Assert.That(methods, Is.EqualTo(new[] { ("TestPayment", d, d), ("CorporateTransfer", 24_690L + c, 0L) }));
        });
    }

    [Test]
    public async Task Balances_chain_month_to_month()
    {
        var september = await StatementAsync(_finance, "2026-09");
        var october = await StatementAsync(_finance, "2026-10");
        var november = await StatementAsync(_finance, "2026-11");
        var december = await StatementAsync(_finance, "2026-12");

        Assert.Multiple(() =>
        {
            Assert.That(Figures(september), Is.EqualTo((0L, 0L, 0L, 0L, 0L, 0L, 0L)));
            Assert.That(september.GetProperty("orders").GetArrayLength(), Is.Zero);
            Assert.That(october.GetProperty("openingFen").GetInt64(), Is.EqualTo(september.GetProperty("closingFen").GetInt64()));
            Assert.That(november.GetProperty("openingFen").GetInt64(), Is.EqualTo(october.GetProperty("closingFen").GetInt64()));
            Assert.That(december.GetProperty("openingFen").GetInt64(), Is.EqualTo(november.GetProperty("closingFen").GetInt64()));
            // Nothing moved in December: the open orders carry over, the unpaid one due and the cancelled transfer due back.
            Assert.That(Figures(december), Is.EqualTo((_b.Total - _c.Total, 0L, 0L, 0L, 0L, _b.Total - _c.Total, _c.Total)));
            Assert.That(Orders(december), Is.EquivalentTo(new[] { (_b.Id, _b.Total, 0L, 0L, 0L, 0L, _b.Total), (_c.Id, -_c.Total, 0L, 0L, 0L, 0L, -_c.Total) }));
        });
    }

    [Test]
    public async Task The_page_shows_the_figures_and_xlsx_and_csv_hold_the_same()
    {
        var november = await StatementAsync(_finance, "2026-11");
        var html = await _finance.GetStringAsync("/unit/statements?month=2026-11");
        var xlsx = await _finance.GetByteArrayAsync($"/api/units/{_unit}/statements/2026-11/export?format=xlsx");
        var csvBytes = await _finance.GetByteArrayAsync($"/api/units/{_unit}/statements/2026-11/export?format=csv");
        var numbers = OrderNumbers(november);

        using var stream = new MemoryStream(xlsx);
        var sheet = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray()).ToList();
        var csv = Encoding.UTF8.GetString(csvBytes.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(',')).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Cell(html, "statement-opening"), Is.EqualTo(Money.Format(november.GetProperty("openingFen").GetInt64())));
            Assert.That(Cell(html, "statement-charged"), Is.EqualTo(Money.Format(november.GetProperty("chargedFen").GetInt64())));
            Assert.That(Cell(html, "statement-credited"), Is.EqualTo(Money.Format(november.GetProperty("creditedFen").GetInt64())));
            Assert.That(Cell(html, "statement-paid"), Is.EqualTo(Money.Format(november.GetProperty("paidFen").GetInt64())));
            Assert.That(Cell(html, "statement-refunded"), Is.EqualTo(Money.Format(november.GetProperty("refundedFen").GetInt64())));
            Assert.That(Cell(html, "statement-closing"), Is.EqualTo("¥72.23"));
            Assert.That(Cell(html, "statement-outstanding"), Is.EqualTo("¥77.77"));
            Assert.That(WebUtility.HtmlDecode(html), Does.Contain("单位月度对账单").And.Contain("期末应付 = 期初应付 + 本月应付 − 本月冲减 − 本月付款 + 本月退回"));
            foreach (var number in numbers.Values)
            {
                Assert.That(html, Does.Contain($"data-order=\"{number}\""));
            }

            Assert.That(csvBytes.Take(3), Is.EqualTo(Encoding.UTF8.GetPreamble()), "UTF-8 with a byte-order mark");
            Assert.That(Encoding.UTF8.GetString(csvBytes.AsSpan(3)), Does.StartWith("订单号,下单时间,类型,订单状态,PO号,订单金额,期初应付,本月应付,本月冲减,本月付款,本月退回,期末应付"));
            foreach (var rows in new[] { sheet, csv })
            {
                var byNumber = rows.Where(r => numbers.ContainsValue(r[0])).ToDictionary(r => r[0]);
                Assert.That(byNumber.Keys, Is.EquivalentTo(numbers.Values));
                foreach (var order in november.GetProperty("orders").EnumerateArray())
                {
                    var row = byNumber[order.GetProperty("number").GetString()!];
                    Assert.That(row[6..12], Is.EqualTo(new[] { "openingFen", "chargedFen", "creditedFen", "paidFen", "refundedFen", "closingFen" }
                        .Select(f => Money.Plain(order.GetProperty(f).GetInt64())).ToArray()));
                }

                var total = rows.Single(r => r[0] == "合计");
                Assert.That(total[6..12], Is.EqualTo(new[] { "openingFen", "chargedFen", "creditedFen", "paidFen", "refundedFen", "closingFen" }
                    .Select(f => Money.Plain(november.GetProperty(f).GetInt64())).ToArray()));
                Assert.That(rows.Single(r => r[0] == "对公转账")[9], Is.EqualTo(Money.Plain(24_690 + _c.Total)));
                Assert.That(rows.Single(r => r[0] == "待退回本单位")[11], Is.EqualTo("77.77"));
            }

            Assert.That(sheet.Single(r => r[0] == numbers[_a.Id])[1], Is.EqualTo("2026-10-31 23:30"));
        });
    }

    [Test]
    public async Task The_page_defaults_to_the_last_full_month_and_the_unit_portal_links_to_it()
    {
        var html = await _finance.GetStringAsync("/unit/statements");
        var home = await _finance.GetStringAsync("/");
        var expected = StatementMonth.LastFullBefore(ChinaCalendar.Today(TimeProvider.System)).ToString();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain($"name=\"month\" type=\"month\" value=\"{expected}\""));
            Assert.That(home, Does.Contain("id=\"nav-statements\""));
        });
    }

    [Test]
    public async Task Admins_read_their_unit_and_those_below_operators_any_and_other_units_finance_is_refused()
    {
        using var byAdmin = await _admin.GetAsync($"/api/units/{_unit}/statements/2026-11");
        using var childByParentFinance = await _finance.GetAsync($"/api/units/{_child}/statements/2026-11");
        using var byOperator = await _operator.GetAsync($"/api/units/{_unit}/statements/2026-11");
        using var operatorPage = await _operator.GetAsync($"/unit/statements?month=2026-11&unitId={_unit}");
        using var byOther = await _otherFinance.GetAsync($"/api/units/{_unit}/statements/2026-11");
        using var otherExport = await _otherFinance.GetAsync($"/api/units/{_unit}/statements/2026-11/export?format=csv");
        using var otherPage = await _otherFinance.GetAsync($"/unit/statements?unitId={_unit}");
        using var parentByChild = await _childFinance.GetAsync($"/api/units/{_unit}/statements/2026-11");
        using var byPurchaser = await _purchaser.GetAsync($"/api/units/{_unit}/statements/2026-11");

        Assert.Multiple(async () =>
        {
            Assert.That(byAdmin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(childByParentFinance.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(byOperator.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(operatorPage.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await operatorPage.Content.ReadAsStringAsync(), Does.Contain("¥72.23"));
            Assert.That(byOther.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byOther.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(otherExport.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(otherPage.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(otherPage.Headers.Location?.OriginalString, Does.Contain("access-denied"));
            Assert.That(parentByChild.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byPurchaser.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [TestCase("2026-13")]
    [TestCase("2026-1")]
    [TestCase("202611")]
    [TestCase("1999-12")]
    [TestCase("abcd-ef")]
    public async Task A_bad_month_is_a_bilingual_problem(string month)
    {
        using var answer = await _finance.GetAsync($"/api/units/{_unit}/statements/{month}");
        using var export = await _finance.GetAsync($"/api/units/{_unit}/statements/{month}/export?format=xlsx");
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("title").GetString(), Does.Contain(" / "));
            Assert.That(problem.GetProperty("errors").GetProperty("month")[0].GetString(), Does.Contain("yyyy-MM"));
            Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task An_unknown_unit_or_format_is_a_problem_not_a_statement()
    {
        using var unknown = await _operator.GetAsync($"/api/units/{Guid.NewGuid()}/statements/2026-11");
        using var format = await _finance.GetAsync($"/api/units/{_unit}/statements/2026-11/export?format=pdf");
        using var badPage = await _finance.GetAsync("/unit/statements?month=2026-99");

        Assert.Multiple(async () =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(format.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badPage.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await badPage.Content.ReadAsStringAsync(), Does.Contain("月份须为 yyyy-MM 格式"));
        });
    }

    private async Task<HttpClient> SignInAsync(Guid unit, params OrganizationRole[] roles) =>
        await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, unit, roles));

    private async Task PayByTransferAsync((Guid Id, long Total) order, string reference)
    {
        using var recorded = await _finance.PostAsJsonAsync($"/api/orders/{order.Id}/payments/transfer", new { reference, amountFen = order.Total });
        Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.Created), await recorded.Content.ReadAsStringAsync());
        var paymentId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var confirmed = await _operator.PostAsync($"/api/payments/{paymentId}/confirm-receipt", null);
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await confirmed.Content.ReadAsStringAsync());
        Assert.That(await _shop.OrderStatusAsync(order.Id, "Paid", _purchaser), Is.EqualTo("Paid"));
    }

    private async Task PayOnTestPageAsync(Guid orderId)
    {
        using var started = await _purchaser.PostAsync($"/api/orders/{orderId}/payments/checkout", null);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        var page = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutUrl").GetString()!;
        using var paid = await Forms.PostAsync(_purchaser, page, page, new Dictionary<string, string> { ["choice"] = "Pay" });
        Assert.That(await _shop.OrderStatusAsync(orderId, "Paid", _purchaser), Is.EqualTo("Paid"));
    }

    private async Task CancelAsync(Guid orderId)
    {
        using var cancelled = await _purchaser.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { });
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancelled.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> StatementAsync(HttpClient client, string month)
    {
        using var answer = await client.GetAsync($"/api/units/{_unit}/statements/{month}");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (long Opening, long Charged, long Credited, long Paid, long Refunded, long Closing, long Outstanding) Figures(JsonElement s) => (
        s.GetProperty("openingFen").GetInt64(), s.GetProperty("chargedFen").GetInt64(), s.GetProperty("creditedFen").GetInt64(), s.GetProperty("paidFen").GetInt64(),
        s.GetProperty("refundedFen").GetInt64(), s.GetProperty("closingFen").GetInt64(), s.GetProperty("refundsOutstandingFen").GetInt64());

    private static IEnumerable<(Guid, long, long, long, long, long, long)> Orders(JsonElement s) => s.GetProperty("orders").EnumerateArray().Select(o => (
        o.GetProperty("orderId").GetGuid(), o.GetProperty("openingFen").GetInt64(), o.GetProperty("chargedFen").GetInt64(), o.GetProperty("creditedFen").GetInt64(),
        o.GetProperty("paidFen").GetInt64(), o.GetProperty("refundedFen").GetInt64(), o.GetProperty("closingFen").GetInt64()));

    private static Dictionary<Guid, string> OrderNumbers(JsonElement s) =>
        s.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("orderId").GetGuid(), o => o.GetProperty("number").GetString()!);

    private static string Cell(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{id}\">(?:<strong>)?([^<]+)<");
        Assert.That(match.Success, Is.True, $"no {id} on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
