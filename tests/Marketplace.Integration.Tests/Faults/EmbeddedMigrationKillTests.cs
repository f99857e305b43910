using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var kills = 0;
        for (var round = 0; round < 8 && await PendingAsync(runtime) != 0; round++)
        {
            var process = runtime.StartProcess();
            await process.WaitForOutputAsync("Applying", TimeSpan.FromMinutes(2));
            // Applying every migration to a fresh file takes about a second here.
            await Task.Delay(random.Next(0, 700));
            await process.KillAsync();
            kills++;
            TestContext.Out.WriteLine($"round {round} (seed {seed}): killed; {await PendingAsync(runtime)} migrations still pending");
        }

        await runtime.StartProcessAsync();

        TestContext.Out.WriteLine($"{kills} kills; restored the copy {runtime.Processes.Sum(p => p.CountLines("restoring the copy"))} times, " +
            $"removed a dead process's migration lock {runtime.Processes.Sum(p => p.CountLines("Removed EF Core's migration lock"))} times");
        Assert.That(kills, Is.Positive, "at least one start was killed while migrating");
        Assert.That(await PendingAsync(runtime), Is.Zero, "every migration is applied");
        await using var db = runtime.Context();
        Assert.That(await db.Listings.CountAsync(), Is.Zero, "the database answers queries of the latest model");
    }

    private static async Task<int> PendingAsync(EmbeddedRuntime runtime)
    {
        await using var db = runtime.Context();
        return (await db.Database.GetPendingMigrationsAsync()).Count();
    }
}
