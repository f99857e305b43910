using Marketplace.Core.Messaging;
using Marketplace.TestWorker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Tests.Messaging;

public sealed class OutboxRelayTests
{
    private TempFolder _data = null!;

    [SetUp]
    public void CreateDataFolder() => _data = new TempFolder();

    [TearDown]
    public void DeleteDataFolder() => _data.Dispose();

    [Test]
    public async Task A_stored_message_is_published_with_the_row_id_as_message_id_and_marked_sent()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path);
        var key = Guid.NewGuid();

        var rowId = await host.WriteToOutboxAsync(new WorkItem(key));

        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM test_effects") == 1, "the consumer applied the work item");
        var deliveredId = await host.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT message_id AS \"Value\" FROM test_deliveries WHERE stage = 'received'").SingleAsync());
        Assert.That(Guid.Parse(deliveredId), Is.EqualTo(rowId));
        await Eventually.HoldsAsync(
            async () => await host.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == rowId && m.SentAt != null)),
            "the row is marked sent");
    }

    [Test]
    public async Task A_row_that_cannot_be_published_is_kept_and_retried_later_while_the_rest_flows()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path);
        var poisonId = await host.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var row = new OutboxMessage
            {
                Id = Guid.CreateVersion7(now),
                MessageType = "Marketplace.Gone.Message, Marketplace.Gone",
                Body = "{}",
                CreatedAt = now,
                NextAttemptAt = now,
            };
            db.OutboxMessages.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        await host.WriteToOutboxAsync(new WorkItem(Guid.NewGuid()));

        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM test_effects") == 1, "the healthy message behind the failing one was delivered");
        var poison = await host.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == poisonId));
        Assert.Multiple(() =>
        {
            Assert.That(poison.SentAt, Is.Null, "never marked sent");
            Assert.That(poison.Attempts, Is.GreaterThanOrEqualTo(1));
            Assert.That(poison.LastError, Does.Contain("not loaded"));
            Assert.That(poison.NextAttemptAt, Is.GreaterThan(poison.CreatedAt), "backs off");
        });
    }

    [Test]
    public async Task After_a_restart_the_in_memory_runtime_sends_again_a_message_no_consumer_handled_however_long_ago_it_was_sent()
    {
        var key = Guid.NewGuid();
        await using (var first = await EmbeddedHost.StartAsync(_data.Path, new Dictionary<string, string?> { ["Messaging:RunOutboxRelay"] = "false" }))
        {
            // As the in-memory bus leaves it when the process dies: sent three days ago, still queued, never handled.
            var rowId = await first.WriteToOutboxAsync(new WorkItem(key));
            await first.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == rowId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, DateTime.UtcNow.AddDays(-3))));
        }

        await using var second = await EmbeddedHost.StartAsync(_data.Path);

        await Eventually.HoldsAsync(async () => await second.CountAsync("SELECT COUNT(*) FROM test_effects WHERE key = @key", new { key = key.ToString() }) == 1,
            "the consumer applied the message the last process lost");
        Assert.That(await second.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"), Is.Zero, "sent again and marked sent");
    }

    [Test]
    public async Task After_a_restart_the_in_memory_runtime_does_not_send_again_what_every_consumer_handled()
    {
        Guid handledId;
        await using (var first = await EmbeddedHost.StartAsync(_data.Path))
        {
            handledId = await first.WriteToOutboxAsync(new WorkItem(Guid.NewGuid()));
            await Eventually.HoldsAsync(async () => await first.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'done'") == 1, "the first run handled it");
        }

        await using var second = await EmbeddedHost.StartAsync(_data.Path);
        var later = Guid.NewGuid();
        await second.WriteToOutboxAsync(new WorkItem(later));

        // The replay runs before the relay's first batch: once the later message is handled, it has run.
        await Eventually.HoldsAsync(async () => await second.CountAsync("SELECT COUNT(*) FROM test_effects WHERE key = @key", new { key = later.ToString() }) == 1,
            "the second run handled a new message");
        Assert.That(await second.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE message_id = @id", new { id = handledId.ToString() }), Is.EqualTo(2),
            "the handled message was received and done once, in the first run only");
    }

    [Test]
    public async Task The_in_memory_runtime_sends_again_a_message_that_used_up_its_retries_once_it_has_waited_long_enough()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path, new Dictionary<string, string?>
        {
            ["Messaging:Retry:OutageLimit"] = "1",
            ["Messaging:Outbox:InMemoryRedeliverAfter"] = "00:00:01.500",
        });
        var key = Guid.NewGuid();

        // Two timeouts in a row use up the one retry: the message fails into the in-memory error queue.
        var rowId = await host.WriteToOutboxAsync(new WorkItem(key, TimeoutsFirst: 2));
        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'fault'") == 1, "its retries are spent");
        Assert.That(await host.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.Zero, "nothing applied yet");

        await Eventually.HoldsAsync(async () => await host.CountAsync("SELECT COUNT(*) FROM test_effects WHERE key = @key", new { key = key.ToString() }) == 1,
            "the relay sent it again and the next try applied it", TimeSpan.FromSeconds(20));
        const string Received = "SELECT COUNT(*) FROM test_deliveries WHERE message_id = @id AND stage = 'received'";
        var received = await host.CountAsync(Received, new { id = rowId.ToString() });
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(await host.CountAsync(Received, new { id = rowId.ToString() }), Is.EqualTo(received), "handled, it is not sent again");
    }

    [Test]
    public async Task The_in_memory_runtime_knows_each_message_type_by_the_inbox_names_of_its_consumers()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path);

        var consumers = host.Services.GetRequiredService<LocalConsumers>().ByMessageType;

        Assert.Multiple(() =>
        {
            Assert.That(consumers[MessageTypeName.Of(typeof(WorkItem))], Is.EqualTo(new[] { typeof(WorkItemConsumer).FullName }));
            Assert.That(consumers[MessageTypeName.Of(typeof(Marketplace.Contracts.Ordering.SubmitOrder))], Is.EqualTo(new[] { typeof(Marketplace.Core.Ordering.SubmitOrderConsumer).FullName }));
            Assert.That(consumers[MessageTypeName.Of(typeof(Marketplace.Contracts.Ordering.OrderCancelled))], Has.Length.EqualTo(3), "the ledger, the refund and the agreement each handle it");
        });
    }

    [Test]
    public async Task Sent_rows_and_inbox_rows_are_deleted_only_after_their_retention()
    {
        await using var host = await EmbeddedHost.StartAsync(_data.Path, new Dictionary<string, string?>
        {
            ["Messaging:RunConsumers"] = "false",
            ["Messaging:RunOutboxRelay"] = "false",
        });
        var now = DateTime.UtcNow;
        await host.WithDbAsync(async db =>
        {
            OutboxMessage Row(DateTime? sentAt) => new()
            {
                Id = Guid.CreateVersion7(),
                MessageType = "x, y",
                Body = "{}",
                CreatedAt = now.AddDays(-40),
                NextAttemptAt = now.AddDays(-40),
                SentAt = sentAt,
            };
            db.OutboxMessages.AddRange(Row(now.AddDays(-8)), Row(now.AddDays(-6)), Row(null));
            db.InboxMessages.AddRange(
                new InboxMessage { Consumer = "c", MessageId = Guid.NewGuid(), ProcessedAt = now.AddDays(-31) },
                new InboxMessage { Consumer = "c", MessageId = Guid.NewGuid(), ProcessedAt = now.AddDays(-29) });
            return await db.SaveChangesAsync();
        });
        var cleanup = ActivatorUtilitiesFor<MessageStoreCleanup>(host);

        var (outbox, inbox) = await cleanup.CleanupAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(outbox, Is.EqualTo(1), "only the row sent 8 days ago");
            Assert.That(inbox, Is.EqualTo(1), "only the row processed 31 days ago");
            Assert.That(await host.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"), Is.EqualTo(1), "unsent rows are never deleted");
        });
    }

    private static T ActivatorUtilitiesFor<T>(EmbeddedHost host) =>
        Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<T>(host.Services);
}
