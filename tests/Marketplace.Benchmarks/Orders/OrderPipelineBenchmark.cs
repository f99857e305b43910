using System.Globalization;
using Marketplace.Benchmarks.Catalog;
using Marketplace.Benchmarks.Hosting;
using Marketplace.Benchmarks.Orders.Bare;
using Marketplace.Benchmarks.Results;
using Marketplace.Benchmarks.Seeding;
using Marketplace.Web.Tests.Infrastructure;

namespace Marketplace.Benchmarks.Orders;

/// <summary>
/// B3: orders end to end (HTTP submit → placed → paid by Stripe's webhook → ledger entry) on RabbitMQ, with the web
/// host taking orders and payments and a separate order-service process deciding them (B), against a bare MassTransit
/// publish/consume loop on the same broker (A), both with <see cref="InFlight"/> round trips at once, interleaved A B
/// rounds; then the submit-to-ledger lag with orders started at 80% of the sustained rate, and the order service's
/// peak RSS over all of it (B7).
/// </summary>
internal sealed class OrderPipelineBenchmark(BenchmarkPlan plan)
{
    /// <summary>Round trips at once, as many as the catalog measure's connections.</summary>
    public const int InFlight = BenchmarkPlan.ThroughputConnections;

    private const int Buyers = 16;
    private const int StockedSkus = 200;
    private const int Listings = 1_000;

    /// <summary>Each process's pool, as a deployment budgets the server's connections (the order service keeps 4 for its relay, sweep and health).</summary>
    private const int PoolSize = 32;

    private TimeSpan Duration => plan.Throughput * 2;

    public async Task RunAsync(ResultTable table, string postgres, Uri rabbit, IDictionary<string, string?> settings)
    {
        using var stripe = await FakeStripe.StartAsync();
        var shared = new Dictionary<string, string?>(settings)
        {
            ["Database:ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { MaxPoolSize = PoolSize }.ConnectionString,
            ["Messaging:EndpointPrefix"] = $"bench-{Machine.RunId}-b3",
        };
        foreach (var (key, value) in stripe.Settings)
        {
            shared[key] = value;
        }

        await using var web = await WebHostProcess.StartAsync(Machine.WebHostDll(), new Dictionary<string, string?>(shared)
        {
            ["Messaging:RunConsumers"] = "false",
            ["RateLimits:Authentication:PermitLimit"] = "1000",
        });
        await SeedWriters.PostgresAsync(postgres, CatalogSeed.Tables(Listings, await SeedWriters.PostgresCountiesAsync(postgres), DateTime.UtcNow));
        await using var orderService = await WebHostProcess.StartAsync(Machine.OrderServiceDll(), shared);
        var ready = orderService.RssMegabytes();
        var skus = await OrderSeed.StockedSkusAsync(postgres, StockedSkus);
        var buyers = await OrderSeed.BuyersAsync(postgres, Buyers);
        await using var orders = await OrderPipeline.StartAsync(web.Address, buyers, OrderSeed.Password, skus, stripe, postgres);
        await using var bare = await BareBusLoop.StartAsync(rabbit, $"bench-{Machine.RunId}-b3-bare");
        Console.WriteLine($"  A bare loop: {BenchmarkBus.Description}; B orders: {Buyers} buyers, one piece of one of {StockedSkus} SKUs each, paid by Stripe's webhook; {InFlight} in flight, {Duration.TotalSeconds:F0} s a run");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  order service ready at {ready:F0} MiB RSS"));

        await ClosedLoop.SaturatedAsync(InFlight, plan.Warmup, _ => bare.RoundTripAsync());
        await ClosedLoop.SaturatedAsync(InFlight, plan.Warmup, orders.OrderAsync);

        var bareRates = new List<double>();
        var orderRates = new List<double>();
        var orderCpu = new List<double>();
        var webCpu = new List<double>();
        long failures = 0;
        for (var round = 1; round <= plan.Rounds; round++)
        {
            var a = await ClosedLoop.SaturatedAsync(InFlight, Duration, _ => bare.RoundTripAsync());
            var (serviceBefore, webBefore) = (orderService.CpuTime(), web.CpuTime());
            var b = await ClosedLoop.SaturatedAsync(InFlight, Duration, orders.OrderAsync);
            var perOrder = (orderService.CpuTime() - serviceBefore).TotalMilliseconds / Math.Max(1, b.Total);
            var perOrderWeb = (web.CpuTime() - webBefore).TotalMilliseconds / Math.Max(1, b.Total);
            Console.WriteLine($"  round {round} A bare    {a}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round} B orders  {b}  CPU/order ≈ {perOrder:F1} ms order service, {perOrderWeb:F1} ms web host"));
            bareRates.Add(a.PerSecond);
            orderRates.Add(b.PerSecond);
            orderCpu.Add(perOrder);
            webCpu.Add(perOrderWeb);
            failures += a.Failures + b.Failures;
        }

        var sustained = ResultTable.Median(orderRates);
        var paced = sustained * 0.8;
        var pacedFrom = DateTime.UtcNow;
        var lag = await ClosedLoop.PacedAsync(paced, Duration, orders.OrderAsync);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  lag at {paced:F1} orders/s (80%): {lag}"));
        await LagStages.PrintAsync(postgres, pacedFrom);
        failures += lag.Failures;
        if (ClosedLoop.FirstFailure is { } first)
        {
            Console.WriteLine($"  first failure: {first}");
        }

        var ratio = ResultTable.Median(orderRates.Zip(bareRates, (b, a) => b / a));
        var failed = failures > 0 ? $"; {failures} failed round trips" : "";
        table.Add(new ResultRow("B3", "orders end to end/s (submit → placed → paid → ledger), RabbitMQ, separate order service",
            Rate(sustained, "orders/s"), Rate(ResultTable.Median(bareRates), "messages/s (bare loop)"), ratio, "≥ 0.30", failures == 0 && ratio >= 0.30,
            string.Create(CultureInfo.InvariantCulture,
                $"{InFlight} in flight; CPU/order: order service {ResultTable.Median(orderCpu):F1} ms, web host {ResultTable.Median(webCpu):F1} ms{failed}")));
        table.Add(new ResultRow("B3", string.Create(CultureInfo.InvariantCulture, $"p99 submit-to-ledger lag at 80% of the sustained rate ({paced:F1} orders/s)"),
            Ms(lag.P99Ms), "—", null, "≤ 1 s", lag.Failures == 0 && lag.P99Ms <= 1000,
            string.Create(CultureInfo.InvariantCulture, $"p50 {lag.P50Ms:F0} ms; includes the buyer's checkout and the webhook, and up to {OrderPipeline.Poll.TotalMilliseconds:F0} ms twice of the watcher's polling")));
        var peak = orderService.PeakRssMegabytes();
        Console.WriteLine($"  after the load, order service {orderService.MemoryBreakdown()}; web host {web.MemoryBreakdown()}");
        table.Add(new ResultRow("B7", "order service peak RSS (VmHWM) after the B3 load",
            string.Create(CultureInfo.InvariantCulture, $"{peak:F0} MiB ({peak * 1.048576:F0} MB)"), "—", null, "≤ 250 MB", peak * 1024 * 1024 <= 250_000_000,
            string.Create(CultureInfo.InvariantCulture, $"{ready:F0} MiB when ready, before any load; web host {web.PeakRssMegabytes():F0} MiB peak under the same load")));
        await SkeletonAsync(table, rabbit, bare);
    }

    /// <summary>
    /// B3′: the order's messages alone (<see cref="MessageSkeleton"/>) against the same bare loop, interleaved A S.
    /// After the lag run, not among its rounds: the skeleton's hundreds of thousands of persistent messages left
    /// RabbitMQ stalling for hundreds of milliseconds at a time during the lag run that followed them.
    /// </summary>
    private async Task SkeletonAsync(ResultTable table, Uri rabbit, BareBusLoop bare)
    {
        await using var skeleton = await MessageSkeleton.StartAsync(rabbit, $"bench-{Machine.RunId}-b3-skeleton");
        Console.WriteLine($"  A bare loop again; S the order's {MessageSkeleton.Messages} messages alone, as the product sends them; {InFlight} in flight");
        await ClosedLoop.SaturatedAsync(InFlight, plan.Warmup, _ => skeleton.OrderAsync());
        var bareRates = new List<double>();
        var skeletonRates = new List<double>();
        for (var round = 1; round <= plan.Rounds; round++)
        {
            var a = await ClosedLoop.SaturatedAsync(InFlight, Duration, _ => bare.RoundTripAsync());
            var s = await ClosedLoop.SaturatedAsync(InFlight, Duration, _ => skeleton.OrderAsync());
            Console.WriteLine($"  round {round} A bare     {a}");
            Console.WriteLine($"  round {round} S skeleton {s}");
            bareRates.Add(a.PerSecond);
            skeletonRates.Add(s.PerSecond);
        }

        table.Add(new ResultRow("B3′", $"the order's {MessageSkeleton.Messages} messages alone, as the product sends them (no database, HTTP or outbox)",
            Rate(ResultTable.Median(skeletonRates), "orders/s"), Rate(ResultTable.Median(bareRates), "messages/s (bare loop)"),
            ResultTable.Median(skeletonRates.Zip(bareRates, (s, a) => s / a)), "reference", null,
            "B3 does all of this and more, so its ratio stays below this one's"));
    }

    private static string Rate(double perSecond, string unit) => perSecond.ToString("N1", CultureInfo.InvariantCulture) + " " + unit;

    private static string Ms(double ms) => ms.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
