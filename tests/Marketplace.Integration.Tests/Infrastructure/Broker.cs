using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>Looks into the suite's RabbitMQ virtual host, or into <c>broker</c> when given.</summary>
internal static class Broker
{
    /// <summary>Messages ready in <paramref name="queue"/>; 0 if it does not exist (MassTransit declares an error queue at the first fault).</summary>
    public static async Task<uint> ReadyMessagesAsync(string queue, Uri? broker = null) => (await PeekAsync(queue, broker))?.MessageCount ?? 0;

    /// <summary>Consumers attached to <paramref name="queue"/>: one per process that consumes from it.</summary>
    public static async Task<uint> ConsumersAsync(string queue, Uri? broker = null) => (await PeekAsync(queue, broker))?.ConsumerCount ?? 0;

    private static async Task<QueueDeclareOk?> PeekAsync(string queue, Uri? broker)
    {
        var factory = new ConnectionFactory { Uri = broker ?? TestServices.RabbitMq };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }
}
