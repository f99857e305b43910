using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marketplace.Benchmarks.Hosting;
using Marketplace.Benchmarks.Load;
using Marketplace.Benchmarks.Results;
using Marketplace.Benchmarks.Seeding;

namespace Marketplace.Benchmarks.Catalog;

/// <summary>How long and how hard each step runs.</summary>
internal sealed record BenchmarkPlan(int Listings, int Rounds, TimeSpan Throughput, TimeSpan Latency, TimeSpan Warmup, int LedgerEntries)
{
    /// <summary>Enough connections to keep both cores busy; far below the pool's 100.</summary>
    public const int ThroughputConnections = 32;

    /// <summary>A light load, so that p95 shows the query's cost rather than the queue in front of it.</summary>
    public const int LatencyConnections = 4;

    /// <summary>
    /// The warm-up is long because the hosts run dynamic PGO: under a load that keeps both cores busy, the web host was
    /// still compiling (instrumented, then optimized code) through the first measured round after 8 s of warm-up, about
    /// 1,400 methods and 1.3 s of JIT time in that round, and measured rounds should see the steady state a server runs in.
    /// </summary>
    public static BenchmarkPlan Full { get; } = new(100_000, 3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(30), 1_000_000);

    public static BenchmarkPlan Quick { get; } = new(10_000, 1, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), 50_000);
}

/// <summary>
/// The catalog page through the real web host (B) against the raw endpoint (A) on one database, interleaved A B A B;
/// optionally the Chinese search against the catalog page in the same rounds (B2), and optionally a second raw endpoint
/// (A′) that keeps its prepared statement as the web host does, for a reference row of what the pipeline alone costs.
/// </summary>
internal sealed class CatalogBenchmark(BenchmarkPlan plan, ILoadGenerator load)
{
    /// <summary>Filters and a keyset: fruit in a price band, the second page, newest first.</summary>
    private const string FirstPage = "/api/storefront/products?category=Fruit&minPriceFen=1000&maxPriceFen=60000";

    private static readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly Process _self = Process.GetCurrentProcess();

    public async Task RunAsync(ResultTable table, string id, string database, WebHostProcess host, string rawAddress, bool withSearch, string? keptRawAddress = null)
    {
        var webAddress = host.Address;
        var cursor = (await PageAsync(webAddress + FirstPage)).NextCursor
            ?? throw new InvalidOperationException("The first catalog page has no next page: the seed is too small.");
        var query = $"category=Fruit&minPriceFen=1000&maxPriceFen=60000&cursor={Uri.EscapeDataString(cursor)}";
        var web = $"{webAddress}/api/storefront/products?{query}";
        var raw = $"{rawAddress}?{query}";
        var kept = keptRawAddress is null ? null : $"{keptRawAddress}?{query}";
        await SamePageAsync(web, raw);
        if (kept is not null)
        {
            await SamePageAsync(web, kept);
        }

        var hit = $"{webAddress}/api/storefront/products?q={Uri.EscapeDataString(CatalogSeed.SearchHit)}";
        var miss = $"{webAddress}/api/storefront/products?q={Uri.EscapeDataString(CatalogSeed.SearchMiss)}";
        if (withSearch)
        {
            await SearchFindsAsync(hit, miss);
        }

        Console.WriteLine($"  A raw endpoint:  {raw}");
        Console.WriteLine($"  B web host:      {web}");
        if (kept is not null)
        {
            Console.WriteLine($"  A′ raw, kept:    {kept}");
        }

        foreach (var url in (withSearch ? [raw, web, hit, miss] : new[] { raw, web }).Concat(kept is null ? [] : [kept]))
        {
            await load.RunAsync(url, BenchmarkPlan.ThroughputConnections, plan.Warmup);
        }

        var rawRates = new List<double>();
        var webRates = new List<double>();
        var pageP95 = new List<double>();
        var hitP95 = new List<double>();
        var missP95 = new List<double>();
        var rawCpuPerRequest = new List<double>();
        var webCpuPerRequest = new List<double>();
        var keptRates = new List<double>();
        var keptCpuPerRequest = new List<double>();
        long failures = 0;
        for (var round = 1; round <= plan.Rounds; round++)
        {
            // CPU per request: the raw endpoint's process against the web host's, over the same kind of run.
            var rawCpu = _self.TotalProcessorTime;
            var a = await load.RunAsync(raw, BenchmarkPlan.ThroughputConnections, plan.Throughput);
            _self.Refresh();
            rawCpu = _self.TotalProcessorTime - rawCpu;
            var webCpu = host.CpuTime();
            var b = await load.RunAsync(web, BenchmarkPlan.ThroughputConnections, plan.Throughput);
            webCpu = host.CpuTime() - webCpu;
            Console.WriteLine($"  round {round} A raw      {a}  {PerRequest(rawCpu, a)} CPU/request in the raw endpoint's process");
            Console.WriteLine($"  round {round} B web      {b}  {PerRequest(webCpu, b)} CPU/request in the web host");
            rawCpuPerRequest.Add(rawCpu.TotalMilliseconds / a.Requests);
            webCpuPerRequest.Add(webCpu.TotalMilliseconds / b.Requests);
            rawRates.Add(a.RequestsPerSecond);
            webRates.Add(b.RequestsPerSecond);
            failures += a.Failures + b.Failures;
            if (kept is not null)
            {
                var keptCpu = _self.TotalProcessorTime;
                var c = await load.RunAsync(kept, BenchmarkPlan.ThroughputConnections, plan.Throughput);
                _self.Refresh();
                keptCpu = _self.TotalProcessorTime - keptCpu;
                Console.WriteLine($"  round {round} A′ kept    {c}  {PerRequest(keptCpu, c)} CPU/request in the raw endpoint's process");
                keptRates.Add(c.RequestsPerSecond);
                keptCpuPerRequest.Add(keptCpu.TotalMilliseconds / c.Requests);
                failures += c.Failures;
            }

            if (withSearch)
            {
                var page = await load.RunAsync(web, BenchmarkPlan.LatencyConnections, plan.Latency);
                var found = await load.RunAsync(hit, BenchmarkPlan.LatencyConnections, plan.Latency);
                var none = await load.RunAsync(miss, BenchmarkPlan.LatencyConnections, plan.Latency);
                Console.WriteLine($"  round {round} page       {page}");
                Console.WriteLine($"  round {round} q={CatalogSeed.SearchHit}       {found}");
                Console.WriteLine($"  round {round} q={CatalogSeed.SearchMiss}     {none}");
                pageP95.Add(page.P95Ms);
                hitP95.Add(found.P95Ms);
                missP95.Add(none.P95Ms);
                failures += page.Failures + found.Failures + none.Failures;
            }
        }

        // The ratio of each round's adjacent pair, then the median: slow drift of a shared machine cancels out.
        var ratio = ResultTable.Median(webRates.Zip(rawRates, (b, a) => b / a));
        var note = string.Create(CultureInfo.InvariantCulture,
            $"CPU/request: web host {ResultTable.Median(webCpuPerRequest):F2} ms, raw {ResultTable.Median(rawCpuPerRequest):F2} ms") +
            (failures > 0 ? $"; {failures} failed requests" : "");
        table.Add(new ResultRow(id, $"catalog page req/s, filters + keyset, {plan.Listings:N0} listings, {database}",
            Rate(ResultTable.Median(webRates)), Rate(ResultTable.Median(rawRates)) + " (raw)", ratio, "≥ 0.90", failures == 0 && ratio >= 0.90, note));
        if (kept is not null)
        {
            table.Add(new ResultRow(id + "′", $"the same against a raw endpoint that also keeps its prepared statement, {database}",
                Rate(ResultTable.Median(webRates)), Rate(ResultTable.Median(keptRates)) + " (raw, kept)", ResultTable.Median(webRates.Zip(keptRates, (b, c) => b / c)),
                "reference", null, string.Create(CultureInfo.InvariantCulture,
                    $"what the pipeline alone costs; CPU/request: web host {ResultTable.Median(webCpuPerRequest):F2} ms, raw kept {ResultTable.Median(keptCpuPerRequest):F2} ms")));
        }

        if (withSearch)
        {
            var page = ResultTable.Median(pageP95);
            var searchId = database == "PostgreSQL" ? "B2" : "B2e";
            AddSearch(table, searchId, database, $"search q={CatalogSeed.SearchHit} (≈ 1 in 12 match)", ResultTable.Median(hitP95), page, failures);
            AddSearch(table, searchId, database, $"search q={CatalogSeed.SearchMiss} (no match)", ResultTable.Median(missP95), page, failures);
        }
    }

    private void AddSearch(ResultTable table, string id, string database, string what, double p95, double pageP95, long failures) =>
        table.Add(new ResultRow(id, $"{what} p95, {plan.Listings:N0} listings, {database}, {BenchmarkPlan.LatencyConnections} connections",
            Ms(p95), Ms(pageP95) + " (catalog page p95)", p95 / pageP95, "≤ 2.00", failures == 0 && p95 / pageP95 <= 2.0));

    private static async Task<(IReadOnlyList<string> Ids, string? NextCursor)> PageAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        var next = json.RootElement.GetProperty("nextCursor");
        return (ids, next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    /// <summary>The raw endpoint must run the same query: the same listings in the same order, the same next cursor.</summary>
    private static async Task SamePageAsync(string web, string raw)
    {
        var (webIds, webNext) = await PageAsync(web);
        var (rawIds, rawNext) = await PageAsync(raw);
        if (webIds.Count == 0 || !webIds.SequenceEqual(rawIds, StringComparer.OrdinalIgnoreCase) || webNext != rawNext)
        {
            throw new InvalidOperationException(
                $"The raw endpoint answers another page than the web host: web {webIds.Count} items next {webNext}, raw {rawIds.Count} items next {rawNext}.");
        }
    }

    private static async Task SearchFindsAsync(string hit, string miss)
    {
        if ((await PageAsync(hit)).Ids.Count == 0 || (await PageAsync(miss)).Ids.Count != 0)
        {
            throw new InvalidOperationException("The search words do not find what the seed says they should.");
        }
    }

    private static string PerRequest(TimeSpan cpu, LoadResult run) =>
        (cpu.TotalMilliseconds / Math.Max(1, run.Requests)).ToString("F2", CultureInfo.InvariantCulture) + " ms";

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + " req/s";

    private static string Ms(double ms) => ms.ToString("F2", CultureInfo.InvariantCulture) + " ms";
}
