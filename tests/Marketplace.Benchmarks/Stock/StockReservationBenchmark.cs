using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Marketplace.Benchmarks.Results;
using Marketplace.Benchmarks.Seeding;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Benchmarks.Stock;

/// <summary>
/// B4: stock reservations by the order service's own <see cref="StockReservations.TryTakeAllAsync"/> (a conditional
/// decrement of one of the SKU's stock slots, the last statement before the commit, one transaction per reservation),
/// with every buyer on one SKU (B) against buyers spread over
/// 1,000 SKUs (A), interleaved A B rounds on the seeded catalog's SKUs. Oversell is checked after every run (stock
/// taken = reservations made, none below zero) and by a sell-out of one SKU (exactly its stock is taken). Then
/// <see cref="PgbenchReference"/> measures the database alone on the same rows, for what the ratio can be here.
/// </summary>
internal sealed class StockReservationBenchmark(int rounds, TimeSpan duration)
{
    private const int Buyers = 16;
    private const int SpreadSkus = 1_000;
    private const int Plenty = 1_000_000_000;
    private const int SellOutStock = 300;

    public async Task RunAsync(ResultTable table, string connectionString)
    {
        // The buyers' own pool, opened before timing: the server's 100 slots are shared with the web host and its neighbours.
        NpgsqlConnection.ClearAllPools();
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MinPoolSize = Buyers, MaxPoolSize = Buyers }.ConnectionString;
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DataRegistration.UseProvider(options, DatabaseProvider.PostgreSql, pooled);
        await using var connection = new NpgsqlConnection(connectionString);
        var skus = (await connection.QueryAsync<Guid>("SELECT id FROM listing_skus ORDER BY id LIMIT @SpreadSkus", new { SpreadSkus })).ToArray();
        if (skus.Length < SpreadSkus)
        {
            throw new InvalidOperationException($"B4 needs {SpreadSkus} SKUs; the seed made {skus.Length}.");
        }

        var spread = new List<double>();
        var one = new List<double>();
        var oversold = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, chosen, rates) in new[] { ("A 1,000 SKUs", skus, spread), ("B one SKU", skus[..1], one) })
            {
                await StockTopUp.PostgresAsync(connection, chosen, Plenty);
                var (buyersCpu, backendsBefore) = (Process.GetCurrentProcess().TotalProcessorTime, await BackendsCpuAsync(connection));
                var run = await RunAsync(options.Options, chosen, duration);
                buyersCpu = Process.GetCurrentProcess().TotalProcessorTime - buyersCpu;
                var backendsCpu = Since(backendsBefore, await BackendsCpuAsync(connection));
                var taken = await connection.ExecuteScalarAsync<long>("SELECT @Plenty::bigint * cardinality(@chosen) - SUM(pieces) FROM listing_sku_stock_slots WHERE sku_id = ANY(@chosen)", new { Plenty, chosen });
                if (taken != run.Reservations)
                {
                    oversold.Add($"round {round} {name}: {taken} taken for {run.Reservations} reservations");
                }

                rates.Add(run.Reservations / duration.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round} {name,-13} {run.Reservations / duration.TotalSeconds,7:F0} reservations/s  p99 {run.P99:F1} ms  retried {run.Retried}  stock taken {taken}  " +
                    $"CPU/reservation: buyers {buyersCpu.TotalMilliseconds / run.Reservations:F3} ms, PostgreSQL {backendsCpu.TotalMilliseconds / run.Reservations:F3} ms  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            }
        }

        var sellOut = await SellOutAsync(connection, options.Options, skus[0]);
        if (sellOut is { } wrong)
        {
            oversold.Add(wrong);
        }

        var ratio = ResultTable.Median(one.Zip(spread, (b, a) => b / a));
        var database = await PgbenchReference.RunAsync(connection, connectionString, skus, Buyers, rounds, duration);
        var alone = database is var (spreadAlone, oneAlone)
            ? string.Create(CultureInfo.InvariantCulture, $"; PostgreSQL alone (pgbench, the same quick take, {Buyers} clients): {oneAlone:N0} /s against {spreadAlone:N0} /s, {oneAlone / spreadAlone:F2}")
            : "; pgbench not installed, no database-alone reference";
        table.Add(new ResultRow("B4", $"stock reservations/s, {Buyers} buyers all on one SKU, PostgreSQL",
            string.Create(CultureInfo.InvariantCulture, $"{ResultTable.Median(one):N0} /s"),
            string.Create(CultureInfo.InvariantCulture, $"{ResultTable.Median(spread):N0} /s (over 1,000 SKUs)"), ratio, "≥ 0.50, zero oversell",
            ratio >= 0.5 && oversold.Count == 0,
            (oversold.Count == 0 ? $"zero oversell in every run and in a sell-out of {SellOutStock} pieces" : "OVERSOLD: " + string.Join("; ", oversold)) + alone));
    }

    /// <summary>CPU time so far of each of this database's PostgreSQL backends (the buyers' pool stays open across runs), from /proc.</summary>
    private static async Task<Dictionary<int, long>> BackendsCpuAsync(NpgsqlConnection connection)
    {
        var pids = await connection.QueryAsync<int>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        var ticks = new Dictionary<int, long>();
        foreach (var pid in pids)
        {
            try
            {
                // After the command's closing parenthesis, utime and stime are the 12th and 13th fields, in 1/100 s.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The backend ended between the query and the read.
            }
        }

        return ticks;
    }

    /// <summary>
    /// What the backends used between two readings: a backend that ended meanwhile takes its whole time with it (which
    /// made the sum negative), so only backends present in both count, and new ones from zero.
    /// </summary>
    private static TimeSpan Since(Dictionary<int, long> before, Dictionary<int, long> after) =>
        TimeSpan.FromSeconds(after.Sum(b => b.Value - before.GetValueOrDefault(b.Key)) / 100.0);

    private static async Task<(long Reservations, long Retried, double P99)> RunAsync(DbContextOptions<MarketplaceDbContext> options, Guid[] skus, TimeSpan duration)
    {
        long reservations = 0, retried = 0;
        var latencies = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, Buyers).Select(buyer => Task.Run(async () =>
        {
            var random = new Random(buyer);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await TryReserveAsync(options, skus[random.Next(skus.Length)]);
                if (outcome == true)
                {
                    Interlocked.Increment(ref reservations);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else if (outcome is null)
                {
                    Interlocked.Increment(ref retried);
                }
            }
        })));
        var sorted = latencies.Order().ToArray();
        return (reservations, retried, sorted.Length == 0 ? 0 : sorted[(int)(sorted.Length * 0.99)]);
    }

    /// <summary>True: one piece reserved; false: none left; null: the transaction failed and the order service would retry.</summary>
    private static async Task<bool?> TryReserveAsync(DbContextOptions<MarketplaceDbContext> options, Guid sku)
    {
        await using var db = new MarketplaceDbContext(options);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var shortOf = await StockReservations.TryTakeAllAsync(db, new Dictionary<Guid, int> { [sku] = 1 }, CancellationToken.None);
            await transaction.CommitAsync();
            return shortOf.Count == 0;
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>Every buyer after one SKU of <see cref="SellOutStock"/> pieces until none is left: exactly that many reserved, none below zero.</summary>
    private static async Task<string?> SellOutAsync(NpgsqlConnection connection, DbContextOptions<MarketplaceDbContext> options, Guid sku)
    {
        await StockTopUp.PostgresAsync(connection, [sku], SellOutStock);
        long reserved = 0;
        await Task.WhenAll(Enumerable.Range(0, Buyers).Select(_ => Task.Run(async () =>
        {
            for (var outcome = await TryReserveAsync(options, sku); outcome is not false; outcome = await TryReserveAsync(options, sku))
            {
                if (outcome == true)
                {
                    Interlocked.Increment(ref reserved);
                }
            }
        })));
        var left = await connection.ExecuteScalarAsync<long>("SELECT SUM(pieces) FROM listing_sku_stock_slots WHERE sku_id = @sku", new { sku });
        Console.WriteLine($"  sell-out: {reserved} of {SellOutStock} pieces reserved by {Buyers} buyers, {left} left");
        return reserved == SellOutStock && left == 0 ? null : $"sell-out reserved {reserved} of {SellOutStock}, {left} left";
    }
}
