using System.Diagnostics;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// Fault 2: RabbitMQ unreachable for 20 s while orders flow, then back. Every process of the cluster reaches the broker
/// through the test's <see cref="NetworkPartition"/>, which the test cuts: each of their connections is reset and each
/// reconnection refused for 20 s, as a partition does, while the shared broker stays up for everyone else.
/// Why not stop the broker: stopping a node (<c>rabbitmqctl stop_app</c>, or its restart after a kill) did not return
/// with clients connected on a loaded machine; and revoking the virtual host's permissions would outlive a test that
/// dies mid-outage. What the clients see is the same: connections reset, reconnections failing, then the broker back
/// with its durable queues as they were.
/// </summary>
[Category("Fault")]
public sealed class BrokerOutageTests
{
    private static readonly string[] _codes = ["A", "B", "C"];

    [Test]
    public async Task Web_hosts_keep_accepting_orders_while_RabbitMQ_is_unreachable_for_20_seconds_and_nothing_is_lost()
    {
        await using var partition = await NetworkPartition.StartAsync(TestServices.RabbitMq);
        await using var cluster = await OrderingCluster.StartAsync(new ClusterServices(Broker: partition.Uri), orderServices: 2, webHosts: 2);
        var flow = await OrderFlow.PrepareAsync(cluster, 8, [.. _codes.Select((code, i) => (code, 2500L + i, 400))]);
        var plan = OrderFlow.Plan(600, 20261202, _codes, maxLines: 2, maxQuantity: 2, paidShare: 0.6);

        using var stop = new CancellationTokenSource();
        var paying = flow.PayAndWatchAsync(stop.Token);
        // Paced so that the flow lasts beyond the outage.
        var submitting = flow.SubmitAsync(plan, parallelism: 4, TimeSpan.FromMilliseconds(200), stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(flow.Accepted.Count >= 100), "100 orders are accepted", TimeSpan.FromMinutes(2));

        partition.Cut();
        var outage = Stopwatch.StartNew();
        var acceptedBefore = flow.Accepted.Count;
        var decidedBefore = await cluster.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE status <> 'Submitted'");
        await Task.Delay(TimeSpan.FromSeconds(20));
        var acceptedDuring = flow.Accepted.Count - acceptedBefore;
        var decidedDuring = await cluster.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE status <> 'Submitted'") - decidedBefore;
        var heldInOutbox = await cluster.Database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL");
        partition.Heal();
        TestContext.Out.WriteLine($"RabbitMQ was unreachable {outage.Elapsed.TotalSeconds:F1} s: {partition.Severed} connections reset, {partition.Refused} reconnections refused; " +
            $"{acceptedDuring} orders accepted and {decidedDuring} decided meanwhile, {heldInOutbox} messages held in the outbox");

        await submitting;
        await flow.SettledAsync(TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        await paying;

        TestContext.Out.WriteLine("peak RSS: " + string.Join(", ", cluster.OrderServices.Select(p => $"{p.Name} {p.PeakRssMegabytes():F0} MiB")));
        Assert.Multiple(() =>
        {
            Assert.That(partition.Severed, Is.GreaterThanOrEqualTo(4), "every process (2 web hosts, 2 order services) lost its connection");
            Assert.That(partition.Refused, Is.Positive, "the processes tried to reconnect during the outage and could not");
            Assert.That(acceptedDuring, Is.GreaterThan(50), "the web hosts kept accepting orders while the broker was unreachable");
            Assert.That(flow.Refusals, Is.Empty, "no request was refused: the outbox holds the messages");
            Assert.That(heldInOutbox, Is.Positive, "the messages waited in the outbox");
        });
        await OrderingInvariants.AssertAsync(flow, plan.Count);
    }
}
