using System.Collections.Concurrent;
using Marketplace.Core.Messaging;
using MassTransit;

namespace Marketplace.Benchmarks.Orders.Bare;

/// <summary>The baseline's message: no content beyond what tells the round trip it arrived.</summary>
public sealed record BareRoundTrip(Guid Id);

/// <summary>
/// B3's baseline: a bare MassTransit publish/consume loop on the same broker and virtual host, with the product's
/// durability (durable queue, persistent messages, publisher confirms: MassTransit's defaults, which the product keeps)
/// and the product's prefetch and concurrency limit (<see cref="RabbitMqOptions"/>). The consumer does nothing but
/// complete the round trip.
/// </summary>
internal sealed class BareBusLoop : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();
    private readonly IBusControl _bus;

    private BareBusLoop(Uri rabbit, string queue)
    {
        var credentials = Uri.UnescapeDataString(rabbit.UserInfo).Split(':', 2);
        var defaults = new RabbitMqOptions();
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit.Host, (ushort)rabbit.Port, Uri.UnescapeDataString(rabbit.AbsolutePath.TrimStart('/')), h =>
            {
                h.Username(credentials[0]);
                h.Password(credentials.Length > 1 ? credentials[1] : "");
            });
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.PrefetchCount = defaults.PrefetchCount;
                e.ConcurrentMessageLimit = defaults.ConcurrentMessageLimit;
                e.Handler<BareRoundTrip>(context =>
                {
                    if (_waiting.TryRemove(context.Message.Id, out var done))
                    {
                        done.TrySetResult();
                    }

                    return Task.CompletedTask;
                });
            });
        });
    }

    public string Description => $"prefetch {new RabbitMqOptions().PrefetchCount}, concurrency limit {new RabbitMqOptions().ConcurrentMessageLimit}, durable, persistent, publisher confirms";

    public static async Task<BareBusLoop> StartAsync(Uri rabbit, string queue)
    {
        var loop = new BareBusLoop(rabbit, queue);
        await loop._bus.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        return loop;
    }

    /// <summary>Publishes one message and returns when the consumer has it.</summary>
    public async Task RoundTripAsync()
    {
        var id = Guid.NewGuid();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = done;
        await _bus.Publish(new BareRoundTrip(id));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
