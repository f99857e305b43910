using FluentValidation;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

public sealed record CancelOrderRequest(string? Reason);

internal sealed class CancelOrderRequestValidator : AbstractValidator<CancelOrderRequest>
{
    public CancelOrderRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.Reason).MaximumLength(Order.ReasonMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Order.CancelReason"], Order.ReasonMaxLength]);
}

/// <summary>
/// The buyer cancels before anything shipped: the held stock goes back and what was paid is due back (the
/// <c>OrderCancelled</c> event tells the payments side).
/// </summary>
public sealed class CancelOrder(OrderChange orders, TimeProvider clock)
{
    public Task<OrderChangeOutcome> HandleAsync(Guid orderId, Guid buyerId, CancelOrderRequest request, CancellationToken cancellationToken) =>
        orders.ApplyAsync(orderId, o => o.BuyerUserId == buyerId, async order =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var reason = string.IsNullOrWhiteSpace(request.Reason) ? "Buyer" : request.Reason.Trim();
            orders.Db.AddToOutbox(order.Cancel(reason, now), clock);
            await StockReservations.ReleaseAsync(orders.Db, order, cancellationToken);
        }, cancellationToken);
}
