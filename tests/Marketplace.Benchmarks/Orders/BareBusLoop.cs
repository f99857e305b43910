using MassTransit;

namespace Marketplace.Benchmarks.Orders.Bare;

/// <summary>The baseline's message: no content beyond what tells the round trip it arrived.</summary>
public sealed record BareRoundTrip(Guid Id);

/// <summary>
/// B3's baseline: a bare MassTransit publish/consume loop on the product's broker, durability, prefetch and
/// concurrency limit (<see cref="BenchmarkBus"/>). The consumer does nothing but complete the round trip.
/// </summary>
internal sealed class BareBusLoop : IAsyncDisposable
{
    private readonly Arrivals _arrivals = new();
    private readonly IBusControl _bus;

    private BareBusLoop(Uri rabbit, string queue) =>
        _bus = BenchmarkBus.Create(rabbit, endpoint => endpoint(queue, e => e.Handler<BareRoundTrip>(c => _arrivals.Arrived(c.Message.Id))));

    public static async Task<BareBusLoop> StartAsync(Uri rabbit, string queue)
    {
        var loop = new BareBusLoop(rabbit, queue);
        await BenchmarkBus.StartAsync(loop._bus);
        return loop;
    }

    /// <summary>Publishes one message and returns when the consumer has it.</summary>
    public async Task RoundTripAsync()
    {
        var id = Guid.NewGuid();
        var arrived = _arrivals.Expect(id);
        await _bus.Publish(new BareRoundTrip(id));
        await arrived;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
