using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Messaging;

/// <summary>The outbox on PostgreSQL + RabbitMQ when the relaying process dies at the worst moment.</summary>
public sealed class OutboxCrashTests
{
    [Test]
    public async Task A_message_reaches_its_consumer_once_when_the_relay_dies_after_publishing_and_before_marking_it_sent()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.MigrateWithTestTablesAsync();
        var settings = TestServices.ScaleOut(database.ConnectionString, Settings.NewPrefix());
        var worker = Repository.Program("Marketplace.TestWorker", "tests");

        // The consumer's queue must exist before anything is published to it.
        await using var consumer = ChildProcess.StartProgram("consumer", worker,
            settings.With(("TestWorker:Name", "consumer"), ("Messaging:RunOutboxRelay", "false")));
        await consumer.WaitForOutputAsync("READY");
        var key = Guid.NewGuid();
        var rowId = (await database.WriteToOutboxAsync([new WorkItem(key)])).Single();

        await using (var crashing = ChildProcess.StartProgram("crashing relay", worker,
            settings.With(("TestWorker:Name", "crashing"), ("Messaging:RunConsumers", "false"), ("TestWorker:CrashAfterPublish", "true"))))
        {
            await crashing.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.That(crashing.Output, Does.Contain($"CRASHING after publishing {rowId}"));
        }

        Assert.That(await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"), Is.EqualTo(1),
            "the row was published but never marked sent");
        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM test_effects") == 1,
            "the consumer applied the copy published before the crash");

        await using var relay = ChildProcess.StartProgram("relay", worker,
            settings.With(("TestWorker:Name", "relay"), ("Messaging:RunConsumers", "false")));

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NOT NULL") == 1,
            "the restarted relay published the row again and marked it sent");
        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE message_id = @id AND stage = 'done'", new { id = rowId.ToString() }) == 2,
            "the consumer received the second copy");
        Assert.Multiple(async () =>
        {
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects WHERE key = @key", new { key = key.ToString() }), Is.EqualTo(1), "applied exactly once");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM inbox_messages WHERE message_id = @rowId", new { rowId }), Is.EqualTo(1));
        });
    }
}
