using MassTransit;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Agreements;

/// <summary>A call-off that was rejected or cancelled gives its value back to the agreement's cap, once.</summary>
internal static class CallOffRelease
{
    public static async Task ReleaseAsync(MarketplaceDbContext db, Guid orderId, DateTime now, CancellationToken cancellationToken)
    {
        var callOff = await db.Set<AgreementCallOff>().SingleOrDefaultAsync(c => c.OrderId == orderId, cancellationToken);
        if (callOff is null || callOff.ReleasedAt is not null)
        {
            return;
        }

        callOff.ReleasedAt = now;
        await db.Database.ExecuteSqlAsync(
            $"UPDATE procurement_agreements SET committed_fen = committed_fen - {callOff.AmountFen} WHERE id = {callOff.AgreementId}", cancellationToken);
        await db.Set<AgreementDelivery>().Where(d => d.CallOffOrderId == orderId)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.CallOffOrderId, (Guid?)null), cancellationToken);
    }
}

public sealed class AgreementOrderCancelledConsumer(MarketplaceDbContext db, TimeProvider clock) : TransactionalConsumer<OrderCancelled>(db, clock)
{
    protected override Task Handle(ConsumeContext<OrderCancelled> context) =>
        CallOffRelease.ReleaseAsync(Db, context.Message.OrderId, Clock.GetUtcNow().UtcDateTime, context.CancellationToken);
}

public sealed class AgreementOrderCancelledConsumerDefinition : MarketplaceConsumerDefinition<AgreementOrderCancelledConsumer>;

public sealed class AgreementOrderRejectedConsumer(MarketplaceDbContext db, TimeProvider clock) : TransactionalConsumer<OrderRejected>(db, clock)
{
    protected override Task Handle(ConsumeContext<OrderRejected> context) =>
        CallOffRelease.ReleaseAsync(Db, context.Message.OrderId, Clock.GetUtcNow().UtcDateTime, context.CancellationToken);
}

public sealed class AgreementOrderRejectedConsumerDefinition : MarketplaceConsumerDefinition<AgreementOrderRejectedConsumer>;
