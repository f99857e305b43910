using Marketplace.TestWorker;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Tests.Messaging;

public sealed class InboxTests
{
    private TempFolder _data = null!;

    [SetUp]
    public void CreateDataFolder() => _data = new TempFolder();

    [TearDown]
    public void DeleteDataFolder() => _data.Dispose();

    [Test]
    public async Task A_consumer_given_the_same_message_twice_applies_it_once()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path);
        var bus = host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var item = new WorkItem(Guid.NewGuid());

        await bus.Publish(item, c => c.MessageId = messageId);
        await bus.Publish(item, c => c.MessageId = messageId);

        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'done'") == 2, "both copies were handled");
        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM inbox_messages") == 1, "the inbox holds one row");
        Assert.That(await host.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.EqualTo(1));
    }

    [Test]
    public async Task Different_messages_with_equal_content_are_each_applied()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path);
        var bus = host.Services.GetRequiredService<IBus>();
        var item = new WorkItem(Guid.NewGuid());

        await bus.Publish(item);
        await bus.Publish(item);

        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM test_effects") == 2, "each message was applied");
    }

    [Test]
    public async Task A_failing_consumer_leaves_no_inbox_row_so_the_message_can_be_applied_later()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path);
        var bus = host.Services.GetRequiredService<IBus>();

        await bus.Publish(new WorkItem(Guid.NewGuid(), Fail: true));

        await Eventually.HoldsAsync(
            async () => await host.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'fault'") == 1,
            "the message faulted after its retries");
        Assert.Multiple(async () =>
        {
            Assert.That(await host.CountAsync("SELECT COUNT(*) FROM inbox_messages"), Is.Zero);
            Assert.That(await host.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.Zero);
        });
    }

    [Test]
    public async Task A_message_that_meets_a_database_outage_is_applied_once_the_database_answers_not_sent_to_the_error_queue()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path);
        var bus = host.Services.GetRequiredService<IBus>();

        // Two tries a round (Retry:Limit 1): six timeouts outlast three rounds of the brief retries.
        await bus.Publish(new WorkItem(Guid.NewGuid(), TimeoutsFirst: 6));

        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM test_effects") == 1, "the message was applied");
        Assert.That(await host.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'fault'"), Is.Zero);
    }
}
