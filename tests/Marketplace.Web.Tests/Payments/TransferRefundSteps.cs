using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Payments;

namespace Marketplace.Web.Tests.Payments;

/// <summary>A unit order paid by one corporate transfer, its receipt confirmed, then cancelled by its purchaser: its refund is due by finance.</summary>
internal static class TransferRefundSteps
{
    public static async Task<(Guid OrderId, long Total, Guid PaymentId, PaymentRefund Refund)> CancelledAfterTransferAsync(
        PaymentShop shop, HttpClient purchaser, HttpClient finance, HttpClient receiver, long priceFen, int quantity)
    {
        var (orderId, total) = await shop.OrderAsync(priceFen, quantity, buyer: purchaser, fundingSource: "UnitProcurement", poNumber: "PO-REFUND");
        using var recorded = await finance.PostAsJsonAsync($"/api/orders/{orderId}/payments/transfer", new { reference = $"ICBC-{orderId:N}", amountFen = total });
        var paymentId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var confirmed = await receiver.PostAsync($"/api/payments/{paymentId}/confirm-receipt", null);
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await confirmed.Content.ReadAsStringAsync());
        Assert.That(await shop.OrderStatusAsync(orderId, "Paid", purchaser), Is.EqualTo("Paid"));
        using var cancelled = await purchaser.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { });
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancelled.Content.ReadAsStringAsync());
        return (orderId, total, paymentId, await DueRefundAsync(shop, orderId));
    }

    private static async Task<PaymentRefund> DueRefundAsync(PaymentShop shop, Guid orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var refunds = await shop.RefundsAsync(orderId);
            if (refunds.Count > 0 || DateTime.UtcNow > deadline)
            {
                Assert.That(refunds.Select(r => r.Status), Is.EqualTo(new[] { RefundStatus.DueByFinance }));
                return refunds[0];
            }

            await Task.Delay(50);
        }
    }
}
