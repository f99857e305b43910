using MassTransit;

namespace Marketplace.Benchmarks.Orders.Bare;

/// <summary>Stands for <c>SubmitOrder</c> in the skeleton: the same hop, nothing of the order.</summary>
public sealed record SkeletonSubmitOrder(Guid Id);

/// <summary>Stands for <c>OrderPlaced</c>, which the product publishes and no consumer of its own takes.</summary>
public sealed record SkeletonOrderPlaced(Guid Id);

/// <summary>Stands for <c>PaymentSucceeded</c>.</summary>
public sealed record SkeletonPaymentSucceeded(Guid Id);

/// <summary>Stands for <c>OrderPaid</c>.</summary>
public sealed record SkeletonOrderPaid(Guid Id);

/// <summary>
/// B3's reference: an order's messages as the product sends them, on the bare loop's bus settings, each consumed one
/// on a queue of its own, and nothing else. The buyer's side publishes <see cref="SkeletonSubmitOrder"/>; its consumer
/// publishes <see cref="SkeletonOrderPlaced"/> (no queue takes it, as in the product) and tells the buyer; the buyer's
/// side then publishes <see cref="SkeletonPaymentSucceeded"/> (the webhook's message); its consumer publishes
/// <see cref="SkeletonOrderPaid"/>, whose consumer ends the round trip. No database, HTTP or outbox: the most any
/// implementation that carries an order in these messages reaches on this broker, as a share of the bare loop.
/// </summary>
internal sealed class MessageSkeleton : IAsyncDisposable
{
    public const int Messages = 4;

    private readonly Arrivals _placed = new();
    private readonly Arrivals _paid = new();
    private readonly IBusControl _bus;

    private MessageSkeleton(Uri rabbit, string queue) =>
        _bus = BenchmarkBus.Create(rabbit, endpoint =>
        {
            endpoint($"{queue}-submit", e => e.Handler<SkeletonSubmitOrder>(async c =>
            {
                await c.Publish(new SkeletonOrderPlaced(c.Message.Id));
                await _placed.Arrived(c.Message.Id);
            }));
            endpoint($"{queue}-payment", e => e.Handler<SkeletonPaymentSucceeded>(c => c.Publish(new SkeletonOrderPaid(c.Message.Id))));
            endpoint($"{queue}-paid", e => e.Handler<SkeletonOrderPaid>(c => _paid.Arrived(c.Message.Id)));
        });

    public static async Task<MessageSkeleton> StartAsync(Uri rabbit, string queue)
    {
        var skeleton = new MessageSkeleton(rabbit, queue);
        await BenchmarkBus.StartAsync(skeleton._bus);
        return skeleton;
    }

    /// <summary>Submits, pays once placed, and returns when the last message's consumer has it.</summary>
    public async Task OrderAsync()
    {
        var id = Guid.NewGuid();
        var placed = _placed.Expect(id);
        var paid = _paid.Expect(id);
        await _bus.Publish(new SkeletonSubmitOrder(id));
        await placed;
        await _bus.Publish(new SkeletonPaymentSucceeded(id));
        await paid;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
