using Marketplace.Core.Data;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marketplace.Core.Messaging;

/// <summary>
/// How many consumers of this process may run at once, over all its endpoints together. Each consumer holds a pooled
/// database connection for its whole transaction; without this bound the endpoints (each with its own concurrency
/// limit) start more transactions than the pool has connections, and under a burst on a few hot rows the waiters
/// time out of the pool and their messages end in the error queue. Waiting for a slot has no such timeout.
/// </summary>
public sealed class ConsumerSlots : IDisposable
{
    /// <summary>Connections left for the outbox relay, the sweep, the cleanup and the health check.</summary>
    public const int Reserved = 4;

    private readonly SemaphoreSlim _slots;

    public ConsumerSlots(IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database)
    {
        Count = messaging.Value.MaxConcurrentConsumers ?? For(database.Value, messaging.Value.RabbitMq.ConcurrentMessageLimit);
        _slots = new SemaphoreSlim(Count, Count);
    }

    public int Count { get; }

    /// <summary>On PostgreSQL, the connection pool's size less <see cref="Reserved"/>; elsewhere one endpoint's concurrency limit.</summary>
    public static int For(DatabaseOptions database, int concurrentMessageLimit) =>
        database.Provider == DatabaseProvider.PostgreSql && !string.IsNullOrWhiteSpace(database.ConnectionString)
            ? Math.Max(1, new NpgsqlConnectionStringBuilder(database.ConnectionString).MaxPoolSize - Reserved)
            : concurrentMessageLimit;

    public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}

/// <summary>Runs each consumer inside one of the process's <see cref="ConsumerSlots"/>.</summary>
public sealed class ConsumerSlotFilter<T>(ConsumerSlots slots) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await slots.WaitAsync(context.CancellationToken);
        try
        {
            await next.Send(context);
        }
        finally
        {
            slots.Release();
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("consumerSlots");
}
