using MassTransit;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Payments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Welfare;

/// <summary>
/// Credits an allowance part's refund back to the wallets that paid it, once per refund (its id is the wallet's refund
/// key), and completes the payment refund in the same transaction. The amount is taken from the order's lines in
/// their order, each at most what the allowance paid of it less earlier refunds, so the total is exact to the fen.
/// </summary>
public sealed class WelfareRefundDueConsumer(MarketplaceDbContext db, WelfareAllowances allowances, TimeProvider clock) : TransactionalConsumer<WelfareRefundDue>(db, clock)
{
    protected override async Task Handle(ConsumeContext<WelfareRefundDue> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        var refund = await Db.PaymentRefunds.SingleAsync(r => r.Id == message.RefundId, cancellationToken);
        if (refund.Status != RefundStatus.DueToWallet)
        {
            return;
        }

        var key = message.RefundId.ToString("N");
        var left = message.AmountFen;
        var lines = new List<WelfareLineRefund>();
        foreach (var line in await allowances.RefundableAsync(message.OrderId, cancellationToken))
        {
            var back = Math.Min(left, line.AllowanceFen);
            if (back > 0)
            {
                lines.Add(new WelfareLineRefund(line.LineId, back));
                left -= back;
            }
        }

        // A redelivery after the credit committed finds the lines refunded already: the key returns what was recorded.
        var returned = await allowances.RefundForOrderAsync(message.OrderId, key, lines, cancellationToken);
        if (returned.RefundedFen != message.AmountFen)
        {
            throw new InvalidOperationException($"Refund {message.RefundId} of {message.AmountFen} fen found {returned.RefundedFen} fen of allowance on order {message.OrderId}.");
        }

        refund.Complete($"welfare-refund-{key}", Clock.GetUtcNow().UtcDateTime);
    }
}

public sealed class WelfareRefundDueConsumerDefinition : MarketplaceConsumerDefinition<WelfareRefundDueConsumer>;
