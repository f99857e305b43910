using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>Fault 1: order services killed (SIGKILL) three times at random moments while 2,000 orders flow, each restarted.</summary>
[Category("Fault")]
public sealed class OrderServiceKillTests
{
    private static readonly string[] _codes = ["A", "B", "C", "D", "E"];

    [Test]
    public async Task Two_thousand_orders_with_an_order_service_killed_three_times_are_each_decided_once_and_the_ledger_balances()
    {
        await using var cluster = await OrderingCluster.StartAsync(orderServices: 2, webHosts: 2);
        // About 2,000 × 2 lines × 2 pieces asked of 5 × 600 pieces: most placed, many rejected once stock runs low.
        var flow = await OrderFlow.PrepareAsync(cluster, 16, [.. _codes.Select((code, i) => (code, 1000L + (137L * i), 600))]);
        var plan = OrderFlow.Plan(2000, 20261130, _codes, maxLines: 3, maxQuantity: 3, paidShare: 0.7);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var moments = Enumerable.Range(0, 3).Select(_ => (int)(plan.Count * (0.1 + (random.NextDouble() * 0.6)))).Order().ToList();
        TestContext.Out.WriteLine($"kill seed {seed}: after {string.Join(", ", moments)} decided orders");

        using var stop = new CancellationTokenSource();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var paying = flow.PayAndWatchAsync(stop.Token);
        var submitting = flow.SubmitAsync(plan, parallelism: 16, TimeSpan.Zero, stop.Token);
        var restarts = new List<Task>();
        // Only a process that is up and consuming is a victim; one still starting is not yet in the flow.
        var ready = new System.Collections.Concurrent.ConcurrentBag<Infrastructure.ChildProcess>(cluster.OrderServices);
        var undecidedAtKills = new List<long>();
        foreach (var moment in moments)
        {
            await Eventually.HoldsAsync(async () => await cluster.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE status <> 'Submitted'") >= moment,
                $"{moment} orders are decided", TimeSpan.FromMinutes(3));
            await Task.Delay(random.Next(0, 400));
            await Eventually.HoldsAsync(() => Task.FromResult(ready.Any(p => !p.HasExited)), "an order service is up", TimeSpan.FromMinutes(2));
            var alive = ready.Where(p => !p.HasExited).ToList();
            var victim = alive[random.Next(alive.Count)];
            await victim.KillAsync();
            undecidedAtKills.Add(await cluster.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE status = 'Submitted'"));
            TestContext.Out.WriteLine($"{started.Elapsed.TotalSeconds:F0} s: killed {victim.Name} with {undecidedAtKills[^1]} orders undecided, {flow.Accepted.Count} accepted so far");
            // Restarted at once, and not awaited: the next kill may come while it is still starting.
            restarts.Add(Task.Run(async () => ready.Add(await cluster.StartOrderServiceAsync())));
        }

        await submitting;
        await Task.WhenAll(restarts);
        TestContext.Out.WriteLine($"{started.Elapsed.TotalSeconds:F0} s: all accepted, the order services restarted");
        await flow.SettledAsync(TimeSpan.FromMinutes(4));
        await stop.CancelAsync();
        await paying;

        TestContext.Out.WriteLine("peak RSS: " + string.Join(", ", cluster.OrderServices.Where(p => !p.HasExited).Select(p => $"{p.Name} {p.PeakRssMegabytes():F0} MiB")));
        Assert.That(cluster.OrderServices.Count(p => p.HasExited), Is.EqualTo(3), "three order services were killed");
        Assert.That(undecidedAtKills, Is.All.Positive, "each kill came while orders were waiting for a decision");
        await OrderingInvariants.AssertAsync(flow, plan.Count);
    }
}
