using Marketplace.Core.Messaging;
using MassTransit;

namespace Marketplace.Benchmarks.Orders.Bare;

/// <summary>
/// A bus of the benchmark's own on the product's broker and virtual host, with the product's durability (durable
/// queues, persistent messages, publisher confirms: MassTransit's defaults, which the product keeps) and the product's
/// prefetch and concurrency limit on every receive endpoint (<see cref="RabbitMqOptions"/>).
/// </summary>
internal static class BenchmarkBus
{
    public static string Description
    {
        get
        {
            var defaults = new RabbitMqOptions();
            return $"prefetch {defaults.PrefetchCount}, concurrency limit {defaults.ConcurrentMessageLimit}, durable, persistent, publisher confirms";
        }
    }

    public static IBusControl Create(Uri rabbit, Action<Action<string, Action<IRabbitMqReceiveEndpointConfigurator>>> endpoints)
    {
        var credentials = Uri.UnescapeDataString(rabbit.UserInfo).Split(':', 2);
        var defaults = new RabbitMqOptions();
        return Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit.Host, (ushort)rabbit.Port, Uri.UnescapeDataString(rabbit.AbsolutePath.TrimStart('/')), h =>
            {
                h.Username(credentials[0]);
                h.Password(credentials.Length > 1 ? credentials[1] : "");
            });
            endpoints((queue, configure) => cfg.ReceiveEndpoint(queue, e =>
            {
                e.PrefetchCount = defaults.PrefetchCount;
                e.ConcurrentMessageLimit = defaults.ConcurrentMessageLimit;
                configure(e);
            }));
        });
    }

    public static async Task StartAsync(IBusControl bus) =>
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
}
