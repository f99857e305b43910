using Marketplace.Core.Messaging;
using Marketplace.TestWorker;
using Microsoft.EntityFrameworkCore;

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
    public async Task After_a_restart_the_in_memory_runtime_sends_recent_messages_again_and_the_inbox_absorbs_them()
    {
        var key = Guid.NewGuid();
        await using (var first = await EmbeddedHost.StartAsync(_data.Path))
        {
            await first.WriteToOutboxAsync(new WorkItem(key));
            await Eventually.HoldsAsync(async () => await first.CountAsync("SELECT COUNT(*) FROM test_effects") == 1, "the first run applied it");
        }

        await using var second = await EmbeddedHost.StartAsync(_data.Path);

        await Eventually.HoldsAsync(async () => await second.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'done'") == 2, "the message was delivered and handled again");
        Assert.That(await second.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.EqualTo(1));
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
