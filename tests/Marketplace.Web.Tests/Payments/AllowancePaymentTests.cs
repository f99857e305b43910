using System.Net;
using System.Net.Http.Json;
using Marketplace.Core.Assistance;
using Marketplace.Core.Ordering;
using Marketplace.Core.Payments;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Payments;

/// <summary>
/// The demo employee of 长安汽车 holds the demo programme (¥300 for 砚山县 and 泸西县 products): the order page's 去支付
/// spends the allowance first and opens the test-payment page for the rest.
/// </summary>
public sealed class AllowancePaymentTests : WebAppFixture
{
    private PaymentShop _shop = null!;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00", ["Welfare:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task Open() => _shop = await new PaymentShop(Factory).OpenAsync();

    [OneTimeTearDown]
    public void Close() => _shop.Buyer.Dispose();

    [Test]
    public async Task Allowance_and_test_payment_settle_one_order_the_ledger_splits_the_measures_and_cancelling_returns_each_part()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 6801, quantity: 2);
        var balance = await BalanceAsync();
        var orderPage = await _shop.Buyer.GetStringAsync($"/orders/{orderId}");

        using var pay = await PayAsync(orderId, new() { ["useAllowance"] = "true", ["allowanceAmount"] = "50.03" });
        var testPage = pay.Headers.Location!.OriginalString;
        var html = await _shop.Buyer.GetStringAsync(testPage);
        using var paid = await Forms.PostAsync(_shop.Buyer, testPage, testPage, new Dictionary<string, string> { ["choice"] = "Pay" });
        var status = await _shop.OrderStatusAsync(orderId, "Paid");
        var ledger = await LedgerEntries.ForOrderAsync(Factory, orderId, 2);
        var balanceAfterPaying = await BalanceAsync();

        using var cancelled = await _shop.Buyer.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { });
        var refunds = await RefundsDoneAsync(orderId, 2);
        var ledgerAfterCancel = await LedgerEntries.ForOrderAsync(Factory, orderId, 4);

        Assert.Multiple(async () =>
        {
            Assert.That(orderPage, Does.Contain("use-allowance").And.Contain("¥136.02"));
            Assert.That(testPage, Does.StartWith("/payments/test/"));
            Assert.That(html, Does.Contain("¥85.99"));
            Assert.That(status, Is.EqualTo("Paid"));
            var parts = await PartsAsync(orderId);
            Assert.That(parts.Select(p => (p.Method, p.AmountFen, p.Status)), Is.EquivalentTo(new[]
            {
                (PaymentMethod.WelfareAllowance, 5_003L, PaymentStatus.Succeeded), (PaymentMethod.TestPayment, total - 5_003, PaymentStatus.Succeeded),
            }));
            Assert.That(balanceAfterPaying, Is.EqualTo(balance - 5_003));
            Assert.That(ledger.Select(e => (e.Measure, e.FundingSource, e.Channel, e.AmountFen)), Is.EquivalentTo(new[]
            {
                (AssistanceMeasure.DirectPurchase, FundingSource.WelfareAllowance, LedgerChannel.Welfare, 5_003L),
                (AssistanceMeasure.HelpSell, FundingSource.Personal, LedgerChannel.EmployeePersonal, total - 5_003),
            }));
            Assert.That(ledger.Sum(e => e.Quantity), Is.EqualTo(2));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refunds.Select(r => (r.Method, r.AmountFen, r.Status)), Is.EquivalentTo(new[]
            {
                (PaymentMethod.WelfareAllowance, 5_003L, RefundStatus.Succeeded), (PaymentMethod.TestPayment, total - 5_003, RefundStatus.Succeeded),
            }));
            Assert.That(await BalanceAsync(), Is.EqualTo(balance));
            Assert.That(ledgerAfterCancel.GroupBy(e => e.Measure).Select(g => g.Sum(e => e.AmountFen)), Is.EqualTo(new[] { 0L, 0L }));
        });
    }

    [Test]
    public async Task An_order_the_allowance_covers_is_paid_at_once_and_a_second_submit_spends_nothing_more()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 1234, quantity: 1);
        var balance = await BalanceAsync();

        var answers = await Task.WhenAll(
            PayAsync(orderId, new() { ["useAllowance"] = "true" }),
            PayAsync(orderId, new() { ["useAllowance"] = "true" }));
        var status = await _shop.OrderStatusAsync(orderId, "Paid");
        using var again = await PayAsync(orderId, new() { ["useAllowance"] = "true" });
        var ledger = await LedgerEntries.ForOrderAsync(Factory, orderId, 1);

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(a => a.Headers.Location?.OriginalString == $"/orders/{orderId}"), Is.GreaterThanOrEqualTo(1));
            Assert.That(answers.Any(a => a.Headers.Location?.OriginalString.StartsWith("/payments/test/", StringComparison.Ordinal) == true), Is.False);
            Assert.That(status, Is.EqualTo("Paid"));
            Assert.That((await PartsAsync(orderId)).Select(p => (p.Method, p.AmountFen)), Is.EqualTo(new[] { (PaymentMethod.WelfareAllowance, total) }));
            Assert.That(await BalanceAsync(), Is.EqualTo(balance - total));
            Assert.That(again.Headers.Location?.OriginalString ?? "", Does.Not.StartWith("/payments/test/"));
            Assert.That(ledger.Select(e => (e.Measure, e.AmountFen)), Is.EqualTo(new[] { (AssistanceMeasure.DirectPurchase, total) }));
        });
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Test]
    public async Task Unticked_or_expired_the_allowance_is_not_spent_and_the_test_page_asks_for_everything()
    {
        var (unticked, untickedTotal) = await _shop.OrderAsync(priceFen: 1500, quantity: 1);
        var (expired, expiredTotal) = await _shop.OrderAsync(priceFen: 1600, quantity: 1);
        var balance = await BalanceAsync();

        using var withoutAllowance = await PayAsync(unticked, []);
        await ExpireWalletsAsync(TimeSpan.FromDays(-400));
        try
        {
            var page = await _shop.Buyer.GetStringAsync($"/orders/{expired}");
            using var afterExpiry = await PayAsync(expired, new() { ["useAllowance"] = "true", ["allowanceAmount"] = "16.00" });

            Assert.Multiple(async () =>
            {
                Assert.That(page, Does.Not.Contain("use-allowance"));
                Assert.That(withoutAllowance.Headers.Location!.OriginalString, Does.StartWith("/payments/test/"));
                Assert.That(afterExpiry.Headers.Location!.OriginalString, Does.StartWith("/payments/test/"));
                Assert.That((await PartsAsync(unticked)).Select(p => (p.Method, p.AmountFen)), Is.EqualTo(new[] { (PaymentMethod.TestPayment, untickedTotal) }));
                Assert.That((await PartsAsync(expired)).Select(p => (p.Method, p.AmountFen)), Is.EqualTo(new[] { (PaymentMethod.TestPayment, expiredTotal) }));
                Assert.That(await BalanceAsync(), Is.EqualTo(balance));
            });
        }
        finally
        {
            await ExpireWalletsAsync(TimeSpan.FromDays(400));
        }
    }

    [Test]
    public async Task More_than_the_allowance_can_pay_is_refused_with_nothing_spent()
    {
        var (orderId, _) = await _shop.OrderAsync(priceFen: 900, quantity: 1);
        var balance = await BalanceAsync();

        using var answer = await PayAsync(orderId, new() { ["useAllowance"] = "true", ["allowanceAmount"] = "9.01" });
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("福利额度金额应为"));
            Assert.That(await PartsAsync(orderId), Is.Empty);
            Assert.That(await BalanceAsync(), Is.EqualTo(balance));
        });
    }

    [Test]
    public async Task Paid_parts_the_order_service_has_not_yet_seen_show_a_confirming_page_that_refreshes_and_offers_no_second_payment()
    {
        var (orderId, total) = await _shop.OrderAsync(priceFen: 1200, quantity: 1);
        var before = await _shop.Buyer.GetStringAsync($"/orders/{orderId}");
        // The part as the webhook records it, before PaymentSucceeded has reached the order service.
        await UnitPeople.InScopeAsync(Factory, async db =>
        {
            var buyerId = await db.Orders.Where(o => o.Id == orderId).Select(o => o.BuyerUserId).SingleAsync();
            var part = Payment.Start(orderId, buyerId, PaymentMethod.TestPayment, total, DateTime.UtcNow);
            part.Succeed("pi_local_confirming", DateTime.UtcNow);
            db.Payments.Add(part);
            return await db.SaveChangesAsync();
        });

        var confirming = await _shop.Buyer.GetStringAsync($"/orders/{orderId}");

        Assert.Multiple(() =>
        {
            Assert.That(before, Does.Contain("id=\"pay-order\"").And.Not.Contain("order-processing"));
            Assert.That(confirming, Does.Contain("已收到付款，正在确认订单").And.Contain("location.reload()"));
            Assert.That(confirming, Does.Not.Contain("id=\"pay-order\"").And.Not.Contain("use-allowance"));
        });
    }

    private Task<HttpResponseMessage> PayAsync(Guid orderId, Dictionary<string, string> fields) =>
        Forms.PostAsync(_shop.Buyer, $"/orders/{orderId}", $"/orders/{orderId}?handler=Pay", fields);

    private Task<long> BalanceAsync() => _shop.BalanceAsync();

    private Task<int> ExpireWalletsAsync(TimeSpan shift) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var userId = await db.Users.Where(u => u.Email == "employee@changan.demo").Select(u => u.Id).SingleAsync();
        var wallets = await db.WelfareWallets.Where(w => w.UserId == userId).Select(w => new { w.Id, w.ExpiresAt }).ToListAsync();
        foreach (var wallet in wallets)
        {
            var expiresAt = wallet.ExpiresAt + shift;
            await db.Database.ExecuteSqlAsync($"UPDATE welfare_wallets SET expires_at = {expiresAt} WHERE id = {wallet.Id}");
        }

        return wallets.Count;
    });

    private Task<List<Payment>> PartsAsync(Guid orderId) =>
        UnitPeople.InScopeAsync(Factory, db => db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).ToListAsync());

    private async Task<List<PaymentRefund>> RefundsDoneAsync(Guid orderId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var refunds = await _shop.RefundsAsync(orderId);
            if ((refunds.Count >= count && refunds.All(r => r.Status == RefundStatus.Succeeded)) || DateTime.UtcNow > deadline)
            {
                return refunds;
            }

            await Task.Delay(50);
        }
    }
}
