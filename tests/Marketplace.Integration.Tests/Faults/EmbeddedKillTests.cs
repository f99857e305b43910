using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dapper;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Messaging;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>
/// The embedded default killed (SIGKILL) three times while orders flow, and started again on its data folder: the
/// in-memory bus loses what it held each time, and the restarted process must deliver it again from the outbox.
/// </summary>
[Category("Fault")]
public sealed class EmbeddedKillTests
{
    private static readonly string[] _codes = ["A", "B", "C", "D", "E"];

    [Test]
    public async Task A_thousand_orders_with_the_embedded_process_killed_three_times_are_each_decided_once_and_the_ledger_balances()
    {
        await using var runtime = await EmbeddedRuntime.StartAsync();
        // About 1,000 × 2 lines × 2 pieces asked of 5 × 500 pieces: most placed, some rejected once stock runs low.
        var skus = _codes.Select((code, i) => (Code: code, PriceFen: 1000L + (137L * i), Stock: 500)).ToArray();
        var ids = await runtime.PublishedListingAsync(skus);
        var buyers = new List<Buyer>();
        foreach (var email in await runtime.BuyersAsync(8))
        {
            buyers.Add(await runtime.SignInAsync(email));
        }

        var plan = OrderFlow.Plan(1000, 20261202, _codes, maxLines: 3, maxQuantity: 3, paidShare: 0.7);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var moments = Enumerable.Range(0, 3).Select(_ => (int)(plan.Count * (0.1 + (random.NextDouble() * 0.6)))).Order().ToList();
        TestContext.Out.WriteLine($"kill seed {seed}: after {string.Join(", ", moments)} decided orders");

        var accepted = new ConcurrentDictionary<Guid, PlannedOrder>();
        var paid = new ConcurrentDictionary<Guid, long>();
        var lowestStock = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var paying = PayAndWatchAsync(runtime, accepted, paid, lowestStock, stop.Token);
        var submitting = Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, _) =>
        {
            var lines = order.Lines.Select(l => (ids[l.Code], l.Quantity)).ToArray();
            accepted[await AcceptedAsync(buyers[order.Index % buyers.Count], order.Key, lines)] = order;
        });

        var started = Stopwatch.StartNew();
        var undecidedAtKills = new List<long>();
        foreach (var moment in moments)
        {
            await Eventually.HoldsAsync(async () => await CountAsync(runtime, "SELECT COUNT(*) FROM orders WHERE status <> 'Submitted'") >= moment,
                $"{moment} orders are decided", TimeSpan.FromMinutes(3));
            await Task.Delay(random.Next(0, 400));
            await runtime.Processes[^1].KillAsync();
            undecidedAtKills.Add(await CountAsync(runtime, "SELECT COUNT(*) FROM orders WHERE status = 'Submitted'"));
            TestContext.Out.WriteLine($"{started.Elapsed.TotalSeconds:F0} s: killed with {undecidedAtKills[^1]} orders undecided, {accepted.Count} accepted so far");
            await runtime.StartProcessAsync();
        }

        await submitting;
        TestContext.Out.WriteLine($"{started.Elapsed.TotalSeconds:F0} s: all {accepted.Count} accepted");
        await Eventually.HoldsAsync(async () => await SettledAsync(runtime, accepted, paid),
            "every order is decided, every chosen one paid and in the ledger, and every outbox row handled", TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        await paying;

        var replays = runtime.Processes.Skip(1).Sum(p => p.CountLines("sending again"));
        var faults = runtime.Processes.Sum(p => p.CountLines("R-FAULT"));
        TestContext.Out.WriteLine($"{started.Elapsed.TotalSeconds:F0} s: settled; {replays} of 3 restarts sent lost messages again; {faults} messages used up their retries");
        Assert.Multiple(() =>
        {
            Assert.That(runtime.Processes.Take(3).All(p => p.HasExited), "three processes were killed");
            Assert.That(undecidedAtKills.Sum(), Is.Positive, "the kills came while orders were waiting for a decision");
            Assert.That(replays, Is.Positive, "a restart found messages the killed process had sent and not handled");
        });
        await EmbeddedInvariants.AssertAsync(runtime, new OrderingExpectations(
            [.. accepted.Keys], [.. paid.Keys], skus.ToDictionary(s => s.Code, s => (ids[s.Code], s.Stock)), lowestStock.Min(), OrderingInvariants.FlowStatuses));
    }

    /// <summary>Submits until accepted, asking again with the same Idempotency-Key while the process is down or starting, as a client retries.</summary>
    private static async Task<Guid> AcceptedAsync(Buyer buyer, string key, (Guid SkuId, int Quantity)[] lines)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            string answer;
            try
            {
                using var response = await buyer.PlaceAsync(key, lines);
                answer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return JsonDocument.Parse(answer[4..]).RootElement.GetProperty("orderId").GetGuid();
                }
            }
            catch (HttpRequestException e)
            {
                answer = e.Message;
            }

            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromMinutes(3)), $"order {key} is still not accepted: {answer}");
            await Task.Delay(250);
        }
    }

    /// <summary>Pays the chosen orders once placed, by storing <see cref="PaymentSucceeded"/> as the payment side does, and watches the stock.</summary>
    private static async Task PayAndWatchAsync(
        EmbeddedRuntime runtime, ConcurrentDictionary<Guid, PlannedOrder> accepted, ConcurrentDictionary<Guid, long> paid, ConcurrentBag<long> lowestStock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await using (var connection = await runtime.OpenAsync())
            {
                lowestStock.Add(await connection.ExecuteScalarAsync<long>("""
                    SELECT MIN(pieces) FROM (SELECT COALESCE(SUM(p.pieces), 0) AS pieces FROM listing_skus s
                                             LEFT JOIN listing_sku_stock_slots p ON p.sku_id = s.id GROUP BY s.id)
                    """));
                var placed = (await connection.QueryAsync<(string Id, long TotalFen)>("SELECT id, total_fen FROM orders WHERE status = 'AwaitingPayment'"))
                    .Select(o => (Id: Guid.Parse(o.Id), o.TotalFen))
                    .Where(o => accepted.TryGetValue(o.Id, out var order) && order.Pay && !paid.ContainsKey(o.Id))
                    .ToList();
                if (placed.Count > 0)
                {
                    await using var db = runtime.Context();
                    foreach (var (id, totalFen) in placed)
                    {
                        db.AddToOutbox(new PaymentSucceeded(id, Guid.NewGuid(), totalFen, "Test", DateTime.UtcNow), TimeProvider.System);
                    }

                    await db.SaveChangesAsync(CancellationToken.None);
                    foreach (var (id, totalFen) in placed)
                    {
                        paid[id] = totalFen;
                    }
                }
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> SettledAsync(EmbeddedRuntime runtime, ConcurrentDictionary<Guid, PlannedOrder> accepted, ConcurrentDictionary<Guid, long> paid)
    {
        await using var connection = await runtime.OpenAsync();
        var unpaid = (await connection.QueryAsync<string>("SELECT id FROM orders WHERE status = 'AwaitingPayment'"))
            .Select(Guid.Parse)
            .Count(id => accepted.TryGetValue(id, out var order) && order.Pay && !paid.ContainsKey(id));
        return unpaid == 0
            && await CountAsync(runtime, "SELECT COUNT(*) FROM orders WHERE status = 'Submitted'") == 0
            && await CountAsync(runtime, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") == 0
            && await CountAsync(runtime, "SELECT COUNT(*) FROM orders WHERE status = 'Paid'") == paid.Count
            && await CountAsync(runtime, "SELECT COUNT(DISTINCT order_id) FROM assistance_entries") == paid.Count
            // A consumer may still be working through its queue, or retrying, after the orders are decided.
            && (await EmbeddedInvariants.UnhandledAsync(runtime)).Count == 0;
    }

    private static async Task<long> CountAsync(EmbeddedRuntime runtime, string sql)
    {
        await using var connection = await runtime.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
