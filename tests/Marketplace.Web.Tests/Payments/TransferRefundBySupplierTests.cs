using System.Net;
using System.Net.Http.Json;
using Marketplace.Core.Payments;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;

namespace Marketplace.Web.Tests.Payments;

/// <summary>
/// With <c>ConfirmedBy=Supplier</c> the selling supplier receives corporate transfers, so it, not the operator, records
/// paying one back: the reconciliation page shows the refund without its form and says why, and refuses a post.
/// </summary>
public sealed class TransferRefundBySupplierTests : WebAppFixture
{
    private PaymentShop _shop = null!;
    private HttpClient _purchaser = null!;
    private HttpClient _finance = null!;
    private HttpClient _operator = null!;
    private HttpClient _supplier = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?>
    {
        ["DemoData:Enabled"] = "true",
        ["Ordering:SweepInterval"] = "01:00:00",
        ["Payments:CorporateTransfer:PayeeName"] = "砚山县文山牛养殖专业合作社",
        ["Payments:CorporateTransfer:ConfirmedBy"] = "Supplier",
    });

    [OneTimeSetUp]
    public async Task Open()
    {
        _shop = await new PaymentShop(Factory).OpenAsync();
        _purchaser = await UnitPeople.SignInAsync(Factory, "purchaser@changan.demo", DemoAccounts.Password);
        _finance = await UnitPeople.SignInAsync(Factory, "finance@changan.demo", DemoAccounts.Password);
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        _supplier = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
    }

    [OneTimeTearDown]
    public void Close()
    {
        foreach (var client in new[] { _shop.Buyer, _purchaser, _finance, _operator, _supplier })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task The_operator_sees_the_refund_without_a_form_and_cannot_post_while_the_supplier_records_it()
    {
        var (orderId, _, _, refund) = await TransferRefundSteps.CancelledAfterTransferAsync(_shop, _purchaser, _finance, _supplier, priceFen: 6_600, quantity: 1);

        var page = await _operator.GetStringAsync("/operator/payments");
        var english = await _operator.GetStringAsync("/operator/payments?culture=en&ui-culture=en");
        using var posted = await Forms.PostAsync(_operator, "/operator/payments", "/operator/payments?handler=PaidBack",
            new Dictionary<string, string> { ["refundId"] = refund.Id.ToString(), ["reference"] = $"OP-{orderId:N}" });
        var postedHtml = await posted.Content.ReadAsStringAsync();
        using var byOperator = await _operator.PostAsJsonAsync($"/api/payments/refunds/{refund.Id}/paid-back", new { reference = $"OP-API-{orderId:N}" });
        var stillDue = (await _shop.RefundsAsync(orderId)).Single();
        using var bySupplier = await _supplier.PostAsJsonAsync($"/api/payments/refunds/{refund.Id}/paid-back", new { reference = $"SUP-{orderId:N}" });

        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Contain($"ICBC-{orderId:N}"), "the operator still sees the refund");
            Assert.That(page, Does.Not.Contain($"id=\"reference-{refund.Id}\""));
            Assert.That(page, Does.Contain("recorded-by-supplier").And.Contain("由供应商登记"));
            Assert.That(english, Does.Contain("the selling supplier receives corporate transfers").And.Contain("Recorded by the supplier"));
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page answers with the refusal");
            Assert.That(postedHtml, Does.Contain("<li>按平台配置"), "the refusal is shown as the form's error");
            Assert.That(byOperator.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the API applies the same rule");
            Assert.That(stillDue.Status, Is.EqualTo(RefundStatus.DueByFinance), "refused posts change nothing");
            Assert.That(bySupplier.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await bySupplier.Content.ReadAsStringAsync());
            Assert.That((await _shop.RefundsAsync(orderId)).Single().ExternalReference, Is.EqualTo($"SUP-{orderId:N}"));
        });
    }
}
