using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Messaging;

/// <summary>Several order-service-like processes on one broker and one database.</summary>
public sealed class WorkerSharingTests
{
    [Test]
    public async Task Two_workers_share_the_load_and_a_killed_workers_unacknowledged_messages_go_to_the_other()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.MigrateWithTestTablesAsync();
        var settings = TestServices.ScaleOut(database.ConnectionString, Settings.NewPrefix())
            .With(("Messaging:RabbitMq:PrefetchCount", "16"), ("Messaging:RabbitMq:ConcurrentMessageLimit", "4"));
        var program = Repository.Program("Marketplace.TestWorker", "tests");
        await using var a = ChildProcess.StartProgram("worker A", program, settings.With(("TestWorker:Name", "A")));
        await using var b = ChildProcess.StartProgram("worker B", program, settings.With(("TestWorker:Name", "B")));
        await Task.WhenAll(a.WaitForOutputAsync("READY"), b.WaitForOutputAsync("READY"));

        const int count = 300;
        await database.WriteToOutboxAsync(Enumerable.Range(0, count).Select(_ => new WorkItem(Guid.NewGuid(), ProcessingMilliseconds: 50)));
        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE worker = 'A' AND stage = 'received'") >= 20,
            "worker A is busy");
        await a.KillAsync();

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(DISTINCT key) FROM test_effects") == count,
            "every work item was applied", TimeSpan.FromMinutes(2));
        Assert.Multiple(async () =>
        {
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.EqualTo(count), "none applied twice");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects WHERE worker = 'A'"), Is.Positive, "A did part of the work");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects WHERE worker = 'B'"), Is.Positive, "B did part of the work");
            Assert.That(await database.CountAsync("""
                SELECT COUNT(*) FROM (
                    SELECT message_id FROM test_deliveries WHERE stage = 'received' GROUP BY message_id HAVING COUNT(DISTINCT worker) = 2) redelivered
                """), Is.Positive, "messages A held when it died were delivered again to B");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"), Is.Zero);
        });
    }

    [Test]
    public async Task Two_relays_on_one_outbox_publish_every_row_exactly_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.MigrateWithTestTablesAsync();
        var settings = TestServices.ScaleOut(database.ConnectionString, Settings.NewPrefix())
            .With(("Messaging:Outbox:BatchSize", "20"));
        await using var consumer = await InProcessHost.StartAsync(settings.With(("TestWorker:Name", "consumer"), ("Messaging:RunOutboxRelay", "false")));

        const int count = 500;
        await database.WriteToOutboxAsync(Enumerable.Range(0, count).Select(_ => new WorkItem(Guid.NewGuid())));
        await using var relay1 = await InProcessHost.StartAsync(settings.With(("Messaging:RunConsumers", "false")));
        await using var relay2 = await InProcessHost.StartAsync(settings.With(("Messaging:RunConsumers", "false")));

        await Eventually.HoldsAsync(async () => await database.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'done'") == count, "every row was handled");
        Assert.Multiple(async () =>
        {
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_deliveries WHERE stage = 'received'"), Is.EqualTo(count), "no row was published twice");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM test_effects"), Is.EqualTo(count));
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"), Is.Zero);
        });
    }
}
