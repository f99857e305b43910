using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// Fault 3: PostgreSQL restarted while orders flow. The server is one of the test's own, so every other test's stays up.
/// Buyers ask again with the same Idempotency-Key until accepted, as a client does after a 503.
/// </summary>
[Category("Fault")]
public sealed class DatabaseRestartTests
{
    private static readonly string[] _codes = ["A", "B", "C"];

    [Test]
    public async Task Requests_get_503_problems_while_PostgreSQL_restarts_and_every_order_is_then_decided_once()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        // The product's retry policy, not the suite's fast one: a restart is what it is for.
        await using var cluster = await OrderingCluster.StartAsync(new ClusterServices(PostgresServer: postgres.AdminConnectionString), orderServices: 2, webHosts: 2,
            ("Messaging:Retry:Limit", "5"), ("Messaging:Retry:MinInterval", "00:00:00.200"));
        var flow = await OrderFlow.PrepareAsync(cluster, 8, [.. _codes.Select((code, i) => (code, 3100L + i, 400))]);
        var plan = OrderFlow.Plan(500, 20261203, _codes, maxLines: 2, maxQuantity: 2, paidShare: 0.6);

        using var stop = new CancellationTokenSource();
        var paying = flow.PayAndWatchAsync(stop.Token);
        var submitting = flow.SubmitAsync(plan, parallelism: 6, TimeSpan.FromMilliseconds(100), stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(flow.Accepted.Count >= 100), "100 orders are accepted", TimeSpan.FromMinutes(2));

        // Down longer than the brief retries last (about 6 s), so the messages caught by it are carried by the outage schedule.
        var outage = await postgres.RestartAsync(down: TimeSpan.FromSeconds(15));
        TestContext.Out.WriteLine($"PostgreSQL was down {outage.TotalSeconds:F1} s; {flow.Accepted.Count} orders accepted so far, {flow.Refusals.Count} requests refused");

        await submitting;
        await flow.SettledAsync(TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        await paying;

        var refusals = flow.Refusals.ToList();
        TestContext.Out.WriteLine($"{refusals.Count} refused requests; the first: {refusals.FirstOrDefault()}");
        Assert.Multiple(() =>
        {
            Assert.That(refusals, Is.Not.Empty, "some requests came while the database was down");
            Assert.That(refusals, Is.All.StartsWith("503 application/problem+json"), "refused with 503 ProblemDetails");
            Assert.That(refusals, Is.All.Contain("service-unavailable").And.All.Not.Contain("   at ").And.All.Not.Contain("Exception").And.All.Not.Contain("Npgsql"),
                "the problem's type, and no stack trace or exception text");
        });
        await OrderingInvariants.AssertAsync(flow, plan.Count);
    }
}
