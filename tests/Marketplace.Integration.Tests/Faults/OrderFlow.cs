using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Dapper;
using Marketplace.Contracts.Payments;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;

namespace Marketplace.Integration.Tests.Faults;

/// <summary>One order the test will submit: its Idempotency-Key, its lines by SKU code and whether the test pays it once placed.</summary>
internal sealed record PlannedOrder(int Index, string Key, (string Code, int Quantity)[] Lines, bool Pay);

/// <summary>
/// Orders flowing through a cluster as buyers and the payment side make them: buyers submit over HTTP on every web
/// host (a refused request is asked again with the same Idempotency-Key until it is accepted, as a client retries), and
/// the test pays the placed orders it chose by writing <see cref="PaymentSucceeded"/> to the outbox, as payments will.
/// </summary>
internal sealed class OrderFlow
{
    private readonly ConcurrentDictionary<Guid, PlannedOrder> _accepted = new();
    private readonly ConcurrentDictionary<Guid, long> _paid = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private long _lowestStock = long.MaxValue;

    private OrderFlow(OrderingCluster cluster, Dictionary<string, (Guid Id, int Initial)> skus, Buyer[] buyers)
    {
        Cluster = cluster;
        Skus = skus;
        Buyers = buyers;
    }

    public OrderingCluster Cluster { get; }

    public IReadOnlyDictionary<string, (Guid Id, int Initial)> Skus { get; }

    public Buyer[] Buyers { get; }

    /// <summary>Accepted orders by id: what the web hosts answered 202 for.</summary>
    public IReadOnlyDictionary<Guid, PlannedOrder> Accepted => _accepted;

    /// <summary>Orders the test paid, with the amount.</summary>
    public IReadOnlyDictionary<Guid, long> Paid => _paid;

    /// <summary>Every answer other than 202, as "status content-type body", for the test to judge.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// <summary>The lowest stock of any SKU seen while the flow ran (-1 would be an oversell).</summary>
    public long LowestStock => Interlocked.Read(ref _lowestStock);

    /// <summary>A listing with <paramref name="skus"/> and <paramref name="buyers"/> buyers signed in, spread over the web hosts.</summary>
    public static async Task<OrderFlow> PrepareAsync(OrderingCluster cluster, int buyers, params (string Code, long PriceFen, int Stock)[] skus)
    {
        var ids = await cluster.Database.PublishedListingAsync(skus);
        var emails = await cluster.Database.BuyersAsync(buyers);
        var signedIn = await Task.WhenAll(emails.Select((email, i) => cluster.SignInAsync(email, i % cluster.WebHosts.Count)));
        return new OrderFlow(cluster, skus.ToDictionary(s => s.Code, s => (ids[s.Code], s.Stock)), signedIn);
    }

    /// <summary>
    /// Submits <paramref name="plan"/> with <paramref name="parallelism"/> buyers at once, pausing <paramref name="pace"/>
    /// between one buyer's orders; pays the chosen orders as they are placed; watches stock. Returns when every order
    /// is accepted (the decisions and payments go on).
    /// </summary>
    public async Task SubmitAsync(IReadOnlyList<PlannedOrder> plan, int parallelism, TimeSpan pace, CancellationToken stop)
    {
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = stop }, async (order, token) =>
        {
            var buyer = Buyers[order.Index % Buyers.Length];
            var lines = order.Lines.Select(l => (Skus[l.Code].Id, l.Quantity)).ToArray();
            var waited = Stopwatch.StartNew();
            while (true)
            {
                using var response = await buyer.PlaceAsync(order.Key, lines);
                var body = await response.Content.ReadAsStringAsync(token);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    _accepted[System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid()] = order;
                    break;
                }

                _refusals.Enqueue($"{(int)response.StatusCode} {response.Content.Headers.ContentType} {response.Headers.RetryAfter} {body}");
                Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(90)), $"order {order.Key} is still refused: {body}");
                await Task.Delay(250, token);
            }

            await Task.Delay(pace, token);
        });
    }

    /// <summary>Pays placed orders and watches the stock until <paramref name="stop"/>; a failed round (the database down) is tried again.</summary>
    public async Task PayAndWatchAsync(CancellationToken stop)
    {
        var skuIds = Skus.Values.Select(s => s.Id).ToArray();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await Cluster.Database.OpenAsync();
                var lowest = await connection.ExecuteScalarAsync<long>("SELECT MIN((SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = s.id)) FROM listing_skus s WHERE s.id = ANY(@skuIds)", new { skuIds });
                InterlockedMin(ref _lowestStock, lowest);
                var toPay = _accepted.Where(a => a.Value.Pay && !_paid.ContainsKey(a.Key)).Select(a => a.Key).ToArray();
                var placed = (await connection.QueryAsync<(Guid Id, long TotalFen)>(
                    "SELECT id, total_fen FROM orders WHERE status = 'AwaitingPayment' AND id = ANY(@toPay)", new { toPay })).ToList();
                if (placed.Count > 0)
                {
                    await Cluster.Database.WriteToOutboxAsync(placed.Select(o => new PaymentSucceeded(o.Id, Guid.NewGuid(), o.TotalFen, "Test", DateTime.UtcNow)));
                    foreach (var (id, totalFen) in placed)
                    {
                        _paid[id] = totalFen;
                    }
                }
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.InvalidCatalogName)
            {
                // The test ended without stopping this (it failed) and dropped its database.
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // The database is away (a fault test stopped it): the payment side retries, and so does this.
                TestContext.Out.WriteLine($"paying/watching: {e.GetType().Name}: {e.Message}");
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

    /// <summary>
    /// Waits until everything has come to rest: every accepted order decided, every chosen one paid and in the ledger,
    /// every outbox row handled by each of its consumers and every queue empty.
    /// </summary>
    public async Task SettledAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var queues = OrderServiceConsumers.Queues(Cluster.Prefix);
        try
        {
            await SettlesAsync(queues, timeout);
        }
        catch (TimeoutException)
        {
            TestContext.Out.WriteLine($"not settled after {waited.Elapsed.TotalSeconds:F0} s: {await DescribeAsync(queues)}");
            throw;
        }

        TestContext.Out.WriteLine($"{_accepted.Count} orders ({_paid.Count} paid) settled after {waited.Elapsed.TotalSeconds:F1} s more");
    }

    private async Task<string> DescribeAsync(IReadOnlyList<string> queues)
    {
        var database = Cluster.Database;
        var parts = new List<string>
        {
            $"{await database.CountAsync("SELECT COUNT(*) FROM orders WHERE status = 'Submitted'")} orders undecided",
            $"{await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL")} outbox rows unsent",
            $"{await UnpaidAsync()} placed orders the test has still to pay",
            $"{await database.CountAsync("SELECT COUNT(*) FROM orders WHERE status = 'Paid'")} of {_paid.Count} paid",
            $"{await database.CountAsync("SELECT COUNT(DISTINCT order_id) FROM assistance_entries")} orders in the ledger",
        };
        await using (var connection = await database.OpenAsync())
        {
            parts.Add($"{await OrderingInvariants.UnhandledAsync(connection)} outbox rows not handled by every consumer");
        }

        foreach (var queue in queues)
        {
            parts.Add($"{queue}: {await Infrastructure.Broker.ReadyMessagesAsync(queue, Cluster.Broker)}");
        }

        return string.Join("; ", parts);
    }

    /// <summary>Placed orders chosen to be paid that the test has not paid yet.</summary>
    private Task<long> UnpaidAsync() => Cluster.Database.CountAsync(
        "SELECT COUNT(*) FROM orders WHERE status = 'AwaitingPayment' AND id = ANY(@ids)",
        new { ids = _accepted.Where(a => a.Value.Pay && !_paid.ContainsKey(a.Key)).Select(a => a.Key).ToArray() });

    private async Task SettlesAsync(IReadOnlyList<string> queues, TimeSpan timeout)
    {
        await TestWorker.Eventually.HoldsAsync(async () =>
        {
            var database = Cluster.Database;
            if (await database.CountAsync("SELECT COUNT(*) FROM orders WHERE status = 'Submitted'") > 0
                || await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") > 0
                || await UnpaidAsync() > 0
                || await database.CountAsync("SELECT COUNT(*) FROM orders WHERE status = 'Paid'") < _paid.Count
                || await database.CountAsync("SELECT COUNT(DISTINCT order_id) FROM assistance_entries") < _paid.Count)
            {
                return false;
            }

            // A queue counts only its ready messages: one a consumer holds, or retries, is handled only once its inbox row is there.
            await using (var connection = await database.OpenAsync())
            {
                if (await OrderingInvariants.UnhandledAsync(connection) > 0)
                {
                    return false;
                }
            }

            foreach (var queue in queues)
            {
                if (await Infrastructure.Broker.ReadyMessagesAsync(queue, Cluster.Broker) > 0)
                {
                    return false;
                }
            }

            return true;
        }, "every order is decided, every chosen one paid and in the ledger, every outbox row handled and the queues empty", timeout);
    }

    /// <summary>A plan of <paramref name="count"/> orders of one to <paramref name="maxLines"/> lines over <paramref name="codes"/>, about <paramref name="paidShare"/> of them to be paid.</summary>
    public static List<PlannedOrder> Plan(int count, int seed, string[] codes, int maxLines, int maxQuantity, double paidShare)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new PlannedOrder(
            i,
            $"flow-{seed}-{i}",
            [.. codes.OrderBy(_ => random.Next()).Take(random.Next(1, maxLines + 1)).Select(code => (code, random.Next(1, maxQuantity + 1)))],
            random.NextDouble() < paidShare))];
    }

    private static void InterlockedMin(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value < seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
