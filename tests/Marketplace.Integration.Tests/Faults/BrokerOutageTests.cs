using System.Diagnostics;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// Fault 2: RabbitMQ stopped for 20 s while orders flow, then started. The broker is a node of the test's own, so the
/// one every other test uses stays up.
/// </summary>
[Category("Fault")]
public sealed class BrokerOutageTests
{
    private static readonly string[] _codes = ["A", "B", "C"];

    [Test]
    public async Task Web_hosts_keep_accepting_orders_while_RabbitMQ_is_down_for_20_seconds_and_nothing_is_lost()
    {
        await using var broker = await OwnRabbitMq.StartAsync();
        await using var cluster = await OrderingCluster.StartAsync(new ClusterServices(Broker: broker.Uri), orderServices: 2, webHosts: 2);
        var flow = await OrderFlow.PrepareAsync(cluster, 8, [.. _codes.Select((code, i) => (code, 2500L + i, 400))]);
        var plan = OrderFlow.Plan(600, 20261202, _codes, maxLines: 2, maxQuantity: 2, paidShare: 0.6);

        using var stop = new CancellationTokenSource();
        var paying = flow.PayAndWatchAsync(stop.Token);
        // Paced so that the flow lasts beyond the outage.
        var submitting = flow.SubmitAsync(plan, parallelism: 4, TimeSpan.FromMilliseconds(200), stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(flow.Accepted.Count >= 100), "100 orders are accepted", TimeSpan.FromMinutes(2));

        await broker.StopAsync();
        var outage = Stopwatch.StartNew();
        var acceptedBefore = flow.Accepted.Count;
        await Task.Delay(TimeSpan.FromSeconds(20));
        var acceptedDuring = flow.Accepted.Count - acceptedBefore;
        var heldInOutbox = await cluster.Database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL");
        await broker.StartAgainAsync();
        TestContext.Out.WriteLine($"RabbitMQ was down {outage.Elapsed.TotalSeconds:F1} s: {acceptedDuring} orders accepted meanwhile, {heldInOutbox} messages held in the outbox");

        await submitting;
        await flow.SettledAsync(TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        await paying;

        Assert.Multiple(() =>
        {
            Assert.That(acceptedDuring, Is.GreaterThan(50), "the web hosts kept accepting orders while the broker was down");
            Assert.That(flow.Refusals, Is.Empty, "no request was refused: the outbox holds the messages");
            Assert.That(heldInOutbox, Is.Positive, "the messages waited in the outbox");
        });
        await OrderingInvariants.AssertAsync(flow, plan.Count);
    }
}
