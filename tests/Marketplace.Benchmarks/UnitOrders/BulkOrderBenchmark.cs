using Marketplace.Benchmarks.Seeding;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Marketplace.Benchmarks.Hosting;
using Marketplace.Benchmarks.Results;
using Microsoft.Data.Sqlite;

namespace Marketplace.Benchmarks.UnitOrders;

/// <summary>
/// B6: a 10,000-line bulk order (one line per SKU of the seeded catalog, the purchaser's default place) posted to
/// <c>POST /api/unit-orders</c> on the embedded default and timed to its 202 — checked against the catalog and stock,
/// stored with its lines and its message in one transaction. Each round also times the check alone (<c>/check</c>) and
/// waits until the order service has placed the order, so that rounds do not overlap; stock is topped up before each.
/// </summary>
internal sealed class BulkOrderBenchmark(int rounds)
{
    public const int Lines = 10_000;

    // The demo purchaser (Marketplace.Web.Demo.DemoAccounts): the web host is not referenced, so named here.
    private const string Purchaser = "purchaser@changan.demo";
    private const string DemoPassword = "bangfu-demo-2021";
    private const int Plenty = 1_000_000;

    /// <summary>The benchmark seed's SKU ids (<see cref="Seeding.CatalogSeed"/>), as EF Core stores a GUID on SQLite; not the demo data's.</summary>
    private const string Seeded = "B0000000-0000-4000-8005-%";

    public async Task RunAsync(ResultTable table, WebHostProcess web, string sqlite)
    {
        using var http = new HttpClient { BaseAddress = new Uri(web.Address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(http));
        using (var address = await http.PostAsJsonAsync("/api/addresses", new
        {
            label = "总部",
            address = new { recipient = "王建国", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" },
            isDefault = true,
        }))
        {
            address.EnsureSuccessStatusCode();
        }

        await using var connection = new SqliteConnection(sqlite);
        var skus = (await connection.QueryAsync<string>("SELECT id FROM listing_skus WHERE id LIKE @Seeded ORDER BY id LIMIT @Lines", new { Seeded, Lines })).ToList();
        if (skus.Count < Lines)
        {
            throw new InvalidOperationException($"B6 needs {Lines} SKUs; the seed made {skus.Count}.");
        }

        var sheet = Encoding.UTF8.GetBytes("规格编号,数量\n" + string.Concat(skus.Select((id, i) => $"{id},{1 + (i % 3)}\n")));
        var accepted = new List<double>();
        var cpuRates = new List<double>();
        // Round 0 warms up and is printed but not counted, as B1 warms its URLs up: in the first 10,000-line order the
        // web host was still compiling the path (its tiered-compilation thread took 14% of the samples over three rounds).
        for (var round = 0; round <= rounds; round++)
        {
            await StockTopUp.SqliteAsync(connection, Seeded, Plenty);
            var started = Stopwatch.StartNew();
            var cpu = web.CpuTime();
            await PostAsync(http, "/api/unit-orders/check", sheet, null);
            var (checkedIn, checkCpu) = (started.Elapsed, web.CpuTime() - cpu);
            started.Restart();
            cpu = web.CpuTime();
            var location = await PostAsync(http, "/api/unit-orders", sheet, $"bench-b6-{Guid.NewGuid():N}");
            var (toAccepted, acceptCpu) = (started.Elapsed, web.CpuTime() - cpu);
            var status = await PlacedAsync(http, location);
            if (round > 0)
            {
                accepted.Add(Lines / toAccepted.TotalSeconds);
                cpuRates.Add(Lines / acceptCpu.TotalSeconds);
            }

            // CPU time of the host (all its threads) says what the work costs when the machine's cores are shared.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(round == 0 ? "warm-up" : $"round {round}")} check {checkedIn.TotalMilliseconds,6:F0} ms ({checkCpu.TotalMilliseconds:F0} ms CPU)  accepted (202) {toAccepted.TotalMilliseconds,6:F0} ms ({acceptCpu.TotalMilliseconds:F0} ms CPU) = {Lines / toAccepted.TotalSeconds,7:N0} lines/s  {status} after {started.Elapsed.TotalMilliseconds:F0} ms"));
        }

        var figure = ResultTable.Median(accepted);
        table.Add(new ResultRow("B6", "10,000-line bulk order checked and accepted (HTTP 202), SQLite (embedded default)",
            string.Create(CultureInfo.InvariantCulture, $"{figure:N0} lines/s"), "—", null, "≥ 20,000 lines/s", figure >= 20_000,
            string.Create(CultureInfo.InvariantCulture, $"median of {rounds} rounds after a warm-up order; {ResultTable.Median(cpuRates):N0} lines per CPU-second of the web host")));
    }

    private static async Task<string> SignInAsync(HttpClient http)
    {
        // The demo data is written while the host starts; wait for the purchaser.
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync("/api/account/login", new { email = Purchaser, password = DemoPassword });
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            }

            if (attempt == 60)
            {
                throw new InvalidOperationException($"The demo purchaser could not sign in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>Posts the sheet as the form does; answers the Location of a 202 (or "" for a 200).</summary>
    private static async Task<string> PostAsync(HttpClient http, string path, byte[] sheet, string? key)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Bulk"), "kind" },
            { new ByteArrayContent(sheet) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "bulk.csv" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await http.SendAsync(request);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        if (key is null && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetArrayLength() is var errors and > 0)
        {
            throw new InvalidOperationException($"The check found {errors} bad lines in the benchmark's sheet.");
        }

        return response.Headers.Location?.ToString() ?? "";
    }

    /// <summary>Waits until the order service has decided the order; answers its status.</summary>
    private static async Task<string> PlacedAsync(HttpClient http, string location)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var status = (await http.GetFromJsonAsync<JsonElement>(location)).GetProperty("status").GetString()!;
            if (status != "Submitted" || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(200);
        }
    }
}
