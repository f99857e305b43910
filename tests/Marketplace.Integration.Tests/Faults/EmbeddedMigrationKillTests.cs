using Dapper;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// The embedded default killed (SIGKILL) while it migrates its database, as a user's Ctrl-C, a full disk or an
/// orchestrator's restart may stop it during the first start or an upgrade: the next start must finish the job.
/// </summary>
[Category("Fault")]
public sealed class EmbeddedMigrationKillTests
{
    [Test]
    public async Task Killed_while_it_migrates_a_fresh_folder_again_and_again_the_embedded_default_starts_on_the_next_try()
    {
        await using var runtime = EmbeddedRuntime.Create();

        await KillWhileMigratingAsync(runtime, maxDelayMilliseconds: 700);

        await runtime.StartProcessAsync();
        Assert.That(await PendingAsync(runtime), Is.Zero, "every migration is applied");
        await using var db = runtime.Context();
        Assert.That(await db.Listings.CountAsync(), Is.Zero, "the database answers queries of the latest model");
    }

    [Test]
    public async Task Killed_while_it_upgrades_a_database_of_an_older_release_the_embedded_default_keeps_its_data_and_finishes_on_the_next_try()
    {
        await using var runtime = EmbeddedRuntime.Create();
        // A database an older release left: migrated up to the assistance read models, with a row of its own.
        await using (var db = runtime.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261130052926_AssistanceReadModels");
        }

        var kept = Guid.NewGuid().ToString().ToUpperInvariant();
        await using (var connection = await runtime.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO inbox_messages (consumer, message_id, processed_at) VALUES ('older-release', @kept, '2026-11-30 08:00:00')", new { kept });
        }

        await KillWhileMigratingAsync(runtime, maxDelayMilliseconds: 500);

        await runtime.StartProcessAsync();
        Assert.That(await PendingAsync(runtime), Is.Zero, "every migration is applied");
        await using (var connection = await runtime.OpenAsync())
        {
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages WHERE message_id = @kept", new { kept }), Is.EqualTo(1),
                "the older release's data survived the interrupted upgrades");
        }
    }

    /// <summary>Starts the program and kills it a moment after it begins to migrate, until a start finishes first (at most 8 times).</summary>
    private static async Task KillWhileMigratingAsync(EmbeddedRuntime runtime, int maxDelayMilliseconds)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var kills = 0;
        for (var round = 0; round < 8 && await PendingAsync(runtime) != 0; round++)
        {
            var process = runtime.StartProcess();
            await process.WaitForOutputAsync("Applying", TimeSpan.FromMinutes(2));
            await Task.Delay(random.Next(0, maxDelayMilliseconds));
            await process.KillAsync();
            kills++;
            TestContext.Out.WriteLine($"round {round} (seed {seed}): killed; {await PendingAsync(runtime)} migrations still pending");
        }

        TestContext.Out.WriteLine($"{kills} kills; restored the copy {runtime.Processes.Sum(p => p.CountLines("restoring the copy"))} times, " +
            $"removed a dead process's migration lock {runtime.Processes.Sum(p => p.CountLines("Removed EF Core's migration lock"))} times");
        Assert.That(kills, Is.Positive, "at least one start was killed while migrating");
    }

    private static async Task<int> PendingAsync(EmbeddedRuntime runtime)
    {
        await using var db = runtime.Context();
        return (await db.Database.GetPendingMigrationsAsync()).Count();
    }
}
