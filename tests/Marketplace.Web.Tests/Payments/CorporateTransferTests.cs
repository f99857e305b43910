using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Payments;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Payments;

/// <summary>对公转账 end to end: a unit purchaser's order shows the payee and PO number, finance records the transfer, the operator confirms receipt.</summary>
public sealed class CorporateTransferTests : WebAppFixture
{
    private PaymentShop _shop = null!;
    private HttpClient _purchaser = null!;
    private HttpClient _finance = null!;
    private HttpClient _operator = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?>
    {
        ["DemoData:Enabled"] = "true",
        ["Ordering:SweepInterval"] = "01:00:00",
        ["Payments:CorporateTransfer:PayeeName"] = "中国兵器装备集团有限公司",
        ["Payments:CorporateTransfer:BankName"] = "中国工商银行北京分行",
        ["Payments:CorporateTransfer:AccountNumber"] = "0200 0000 0000 0000 001",
    });

    [OneTimeSetUp]
    public async Task Open()
    {
        _shop = await new PaymentShop(Factory).OpenAsync();
        _purchaser = await UnitPeople.SignInAsync(Factory, "purchaser@changan.demo", DemoAccounts.Password);
        _finance = await UnitPeople.SignInAsync(Factory, "finance@changan.demo", DemoAccounts.Password);
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
    }

    [OneTimeTearDown]
    public void Close()
    {
        foreach (var client in new[] { _shop.Buyer, _purchaser, _finance, _operator })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task Finance_records_the_transfer_and_the_operators_confirmation_pays_the_order()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 12_000, quantity: 10, buyer: _purchaser, fundingSource: "UnitProcurement", poNumber: "PO-2021-0815");
        var page = await _purchaser.GetStringAsync($"/orders/{orderId}");

        using var first = await _finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "ICBC20211015001", amountFen = 70_000 });
        using var second = await _finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "ICBC20211015002", amountFen = total - 70_000 });
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var confirmFirst = await _operator.PostAsync($"/api/payments/{firstId}/confirm-receipt", null);
        var afterFirst = await _shop.OrderStatusAsync(orderId, "AwaitingPayment", _purchaser);
        using var confirmSecond = await _operator.PostAsync($"/api/payments/{secondId}/confirm-receipt", null);
        using var again = await _operator.PostAsync($"/api/payments/{secondId}/confirm-receipt", null);

        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Contain("对公转账").And.Contain("0200 0000 0000 0000 001").And.Contain("PO-2021-0815"));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(confirmFirst.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterFirst, Is.EqualTo("AwaitingPayment"), "one of two transfers does not pay the order");
            Assert.That(confirmSecond.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await _shop.OrderStatusAsync(orderId, "Paid", _purchaser), Is.EqualTo("Paid"));
            Assert.That(await _shop.OutboxCountAsync("PaymentSucceeded", orderId), Is.EqualTo(1));
            var audit = await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries.Where(a => a.SubjectId == firstId.ToString() || a.SubjectId == secondId.ToString())
                .Select(a => a.Action).ToListAsync());
            Assert.That(audit.Count(a => a == AuditActions.TransferRecorded), Is.EqualTo(2));
            Assert.That(audit.Count(a => a == AuditActions.TransferConfirmed), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Bad_transfers_are_refused_with_problems_and_record_nothing()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 5000, quantity: 2, buyer: _purchaser, fundingSource: "UnitProcurement");
        var (personalOrder, _) = await _shop.OrderAsync(priceFen: 5000, quantity: 1);

        using var noReference = await _finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "", amountFen = 100 });
        using var zero = await _finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "R1", amountFen = 0 });
        using var tooMuch = await _finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "R2", amountFen = total + 1 });
        using var notFinance = await _purchaser.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "R3", amountFen = 100 });
        using var personal = await _finance.PostAsJsonAsync($"/api/orders/{personalOrder}/payments/transfer", new { reference = "R4", amountFen = 100 });
        using var recorded = await _finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "R5", amountFen = 100 });
        using var reused = await _finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = "R5", amountFen = 100 });
        var partId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var confirmedByFinance = await _finance.PostAsync($"/api/payments/{partId}/confirm-receipt", null);

        Assert.Multiple(async () =>
        {
            Assert.That(noReference.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(tooMuch.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(tooMuch.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(notFinance.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(personal.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(confirmedByFinance.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Payments.CountAsync(p => p.OrderId == orderId || p.OrderId == personalOrder)), Is.EqualTo(1));
            Assert.That(await _shop.OrderStatusAsync(orderId, "AwaitingPayment", _purchaser), Is.EqualTo("AwaitingPayment"));
        });
    }

    [Test]
    public async Task A_cancelled_transfer_is_due_back_until_the_operator_records_the_bank_reference_of_the_payment_back()
    {
        var (orderId, total, paymentId, refund) = await CancelledAfterTransferAsync(priceFen: 9_900, quantity: 2);

        var listed = await _operator.GetFromJsonAsync<JsonElement>("/api/operator/payments/transfer-refunds");
        var page = await _operator.GetStringAsync("/operator/payments");
        using var byFinance = await _finance.PostAsJsonAsync($"/api/payments/refunds/{refund.Id}/paid-back", new { reference = "ICBC-BACK-1" });
        using var blank = await _operator.PostAsJsonAsync($"/api/payments/refunds/{refund.Id}/paid-back", new { reference = " " });
        var stillDue = await _shop.RefundsAsync(orderId);
        using var paidBack = await _operator.PostAsJsonAsync($"/api/payments/refunds/{refund.Id}/paid-back", new { reference = $"ICBC-BACK-{orderId:N}" });
        using var again = await _operator.PostAsJsonAsync($"/api/payments/refunds/{refund.Id}/paid-back", new { reference = "ICBC-BACK-2" });
        var after = (await _shop.RefundsAsync(orderId)).Single();
        var listedAfter = await _operator.GetFromJsonAsync<JsonElement>("/api/operator/payments/transfer-refunds");

        Assert.Multiple(async () =>
        {
            Assert.That(refund.AmountFen, Is.EqualTo(total));
            Assert.That(listed.EnumerateArray().Select(r => r.GetProperty("refundId").GetGuid()), Does.Contain(refund.Id));
            Assert.That(page, Does.Contain("待退回单位的对公转账").And.Contain($"ICBC-{orderId:N}"));
            Assert.That(byFinance.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the unit that is paid back does not record it");
            Assert.That(blank.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(blank.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(stillDue.Single().Status, Is.EqualTo(RefundStatus.DueByFinance), "refused requests change nothing");
            Assert.That(paidBack.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await paidBack.Content.ReadAsStringAsync());
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((after.Status, after.ExternalReference, after.CompletedAt is not null), Is.EqualTo((RefundStatus.Succeeded, $"ICBC-BACK-{orderId:N}", true)));
            Assert.That(listedAfter.EnumerateArray().Select(r => r.GetProperty("refundId").GetGuid()), Does.Not.Contain(refund.Id));
            var audit = await UnitPeople.InScopeAsync(Factory, db => db.AuditEntries.Where(a => a.SubjectId == paymentId.ToString()).Select(a => a.Action).ToListAsync());
            Assert.That(audit.Count(a => a == AuditActions.TransferRefundPaidBack), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_operator_records_a_payment_back_on_the_reconciliation_page()
    {
        var (orderId, _, _, refund) = await CancelledAfterTransferAsync(priceFen: 4_400, quantity: 1);

        var page = await _operator.GetStringAsync("/operator/payments");
        using var empty = await Forms.PostAsync(_operator, "/operator/payments", "/operator/payments?handler=PaidBack", new Dictionary<string, string> { ["refundId"] = refund.Id.ToString(), ["reference"] = "" });
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        using var posted = await Forms.PostAsync(_operator, "/operator/payments", "/operator/payments?handler=PaidBack", new Dictionary<string, string> { ["refundId"] = refund.Id.ToString(), ["reference"] = $"ICBC-PB-{orderId:N}" });

        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Contain($"id=\"reference-{refund.Id}\"").And.Not.Contain("recorded-by-supplier"), "operators receive transfers by default");
            Assert.That(emptyHtml, Does.Contain("退回流水号"));
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await _shop.RefundsAsync(orderId)).Single().Status, Is.EqualTo(RefundStatus.Succeeded));
        });
    }

    private Task<(Guid OrderId, long Total, Guid PaymentId, PaymentRefund Refund)> CancelledAfterTransferAsync(long priceFen, int quantity) =>
        TransferRefundSteps.CancelledAfterTransferAsync(_shop, _purchaser, _finance, _operator, priceFen, quantity);
}
