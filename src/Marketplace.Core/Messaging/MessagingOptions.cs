namespace Marketplace.Core.Messaging;

public enum MessageTransport
{
    /// <summary>The embedded default: MassTransit's in-memory transport inside the one process.</summary>
    InMemory,

    /// <summary>Scale-out: RabbitMQ shared by web hosts and order-service workers.</summary>
    RabbitMq,
}

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public MessageTransport Transport { get; set; } = MessageTransport.InMemory;

    /// <summary>Run this process's consumers. Web hosts in scale-out leave consumers to the order service.</summary>
    public bool RunConsumers { get; set; } = true;

    /// <summary>Run the outbox relay. Every process that writes outbox rows may run one; they share the work.</summary>
    public bool RunOutboxRelay { get; set; } = true;

    /// <summary>Prefix for queue names, so that several deployments can share one broker.</summary>
    public string? EndpointPrefix { get; set; }

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Consumers running at once in this process, all endpoints together; by default what the connection pool can serve (see <see cref="ConsumerSlots"/>).</summary>
    public int? MaxConcurrentConsumers { get; set; }

    /// <summary>Fault tests only: deliver every message twice and out of order (<see cref="DuplicateDeliveryFilter{T}"/>).</summary>
    public bool DuplicateDeliveries { get; set; }

    public OutboxOptions Outbox { get; set; } = new();

    public RetryOptions Retry { get; set; } = new();
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    /// <summary>Messages the broker sends ahead to each consumer; measured best around 100–200 on 2 cores.</summary>
    public ushort PrefetchCount { get; set; } = 128;

    /// <summary>Messages one endpoint handles at once.</summary>
    public int ConcurrentMessageLimit { get; set; } = 64;
}

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;

    /// <summary>How often to look for rows written by other processes or due for a retry.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sent rows are kept this long (for inspection and replay), then deleted.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// In-memory transport only: a message that a consumer of this process has still not handled this long after it was
    /// sent is sent again (checked every third of it). Past every retry (<see cref="RetryOptions"/>, at most about 8
    /// minutes), it failed into an error queue that lives only in memory.
    /// </summary>
    public TimeSpan InMemoryRedeliverAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Inbox rows must outlive any redelivery; a month is far beyond the broker's redelivery horizon.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}

public sealed class RetryOptions
{
    public int Limit { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rounds of the retries above while the database is away; with <see cref="OutageInterval"/>, about 8 minutes.</summary>
    public int OutageLimit { get; set; } = 30;

    public TimeSpan OutageInterval { get; set; } = TimeSpan.FromSeconds(10);
}
