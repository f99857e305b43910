using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.TestWorker;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Marketplace.Integration.Tests.Messaging;

/// <summary>Idempotent consumers and the error queue on PostgreSQL + RabbitMQ.</summary>
public sealed class InboxTests
{
    [Test]
    public async Task A_consumer_given_the_same_message_twice_applies_it_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.MigrateWithTestTablesAsync();
        await using var host = await InProcessHost.StartAsync(TestServices.ScaleOut(database.ConnectionString, Settings.NewPrefix()));
        var bus = host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var item = new WorkItem(Guid.NewGuid());

        await bus.Publish(item, c => c.MessageId = messageId);
        await bus.Publish(item, c => c.MessageId = messageId);

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'done'") == 2, "both copies were handled");
        Assert.Multiple(async () =>
        {
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.EqualTo(1));
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM inbox_messages"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Concurrent_copies_of_one_message_are_applied_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.MigrateWithTestTablesAsync();
        var settings = TestServices.ScaleOut(database.ConnectionString, Settings.NewPrefix());
        await using var host = await InProcessHost.StartAsync(settings);
        var bus = host.Services.GetRequiredService<IBus>();
        var messageIds = Enumerable.Range(0, 50).Select(_ => NewId.NextGuid()).ToList();

        // Each message three times at once: the copies race inside one endpoint's concurrency limit.
        await Task.WhenAll(messageIds.SelectMany(id => Enumerable.Range(0, 3)
            .Select(_ => bus.Publish(new WorkItem(id, ProcessingMilliseconds: 20), c => c.MessageId = id))));

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'done'") == 150, "every copy was handled");
        Assert.Multiple(async () =>
        {
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.EqualTo(50));
            Assert.That(await database.CountAsync("SELECT COUNT(DISTINCT key) FROM test_effects"), Is.EqualTo(50));
        });
    }

    [Test]
    public async Task A_message_that_keeps_failing_goes_to_the_error_queue_and_changes_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.MigrateWithTestTablesAsync();
        var prefix = Settings.NewPrefix();
        await using var host = await InProcessHost.StartAsync(TestServices.ScaleOut(database.ConnectionString, prefix));
        var bus = host.Services.GetRequiredService<IBus>();

        await bus.Publish(new WorkItem(Guid.NewGuid(), Fail: true));

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'fault'") == 1,
            "the consumer gave up after its retries");
        var factory = new ConnectionFactory { Uri = TestServices.RabbitMq };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        uint inErrorQueue = 0;
        await Eventually.HoldsAsync(async () =>
        {
            inErrorQueue = (await channel.QueueDeclarePassiveAsync($"{prefix}-work-item_error")).MessageCount;
            return inErrorQueue == 1;
        }, "the message sits in the error queue");
        Assert.Multiple(async () =>
        {
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.Zero);
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM inbox_messages"), Is.Zero);
        });
    }
}
