using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using MassTransit;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// The consumers an order service runs, found as the product finds them (<see cref="LocalConsumers"/>), so that the
/// invariants check a new consumer without anyone listing it here.
/// </summary>
internal static class OrderServiceConsumers
{
    private static readonly string[] _suffixes = ["", "_error", "_skipped"];

    public static LocalConsumers All { get; } = LocalConsumers.In([typeof(SubmitOrderConsumer).Assembly]);

    /// <summary>Each outbox message type with each consumer that must handle it, by inbox name.</summary>
    public static IReadOnlyList<(string MessageType, string Consumer)> Handling { get; } =
        [.. All.ByMessageType.SelectMany(p => p.Value.Select(consumer => (p.Key, consumer)))];

    /// <summary>Every consumer's queue on RabbitMQ, with its error and skipped queues.</summary>
    public static IReadOnlyList<string> Queues(string prefix)
    {
        IEndpointNameFormatter names = new KebabCaseEndpointNameFormatter(prefix, false);
        var consumerQueue = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        return [.. Handling.Select(h => h.Consumer).Distinct()
            .Select(name => (string)consumerQueue.MakeGenericMethod(typeof(SubmitOrderConsumer).Assembly.GetType(name, throwOnError: true)!).Invoke(names, null)!)
            .SelectMany(q => _suffixes.Select(s => q + s))];
    }
}
