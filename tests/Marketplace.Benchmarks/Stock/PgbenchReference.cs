using System.Diagnostics;
using System.Globalization;
using Dapper;
using Marketplace.Benchmarks.Hosting;
using Npgsql;

namespace Marketplace.Benchmarks.Stock;

/// <summary>
/// What PostgreSQL alone does with B4's two cases: pgbench (C, prepared statements, no ORM) with the same number of
/// clients runs the reservation's quick take (a random free stock slot with enough, decremented) on the same SKUs, one
/// per transaction, interleaved rounds.
/// Its ratio is what the database and this machine allow before any line of ours runs, so B4's ratio reads against it.
/// </summary>
internal static class PgbenchReference
{
    private const string Script = """
        \set n random(1, :skus)
        BEGIN;
        UPDATE listing_sku_stock_slots SET pieces = pieces - 1
        WHERE sku_id = (SELECT id FROM b4_pgbench_skus WHERE n = :n) AND pieces >= 1
          AND slot = (SELECT p.slot FROM listing_sku_stock_slots p WHERE p.sku_id = (SELECT id FROM b4_pgbench_skus WHERE n = :n) AND p.pieces >= 1 ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING sku_id;
        COMMIT;
        """;

    /// <summary>Median reservations/s over 1,000 SKUs and on one, or null when pgbench is not installed.</summary>
    public static async Task<(double Spread, double One)?> RunAsync(NpgsqlConnection connection, string connectionString, Guid[] skus, int clients, int rounds, TimeSpan duration)
    {
        if (Machine.Which("pgbench") is not { } pgbench)
        {
            return null;
        }

        await connection.ExecuteAsync("""
            DROP TABLE IF EXISTS b4_pgbench_skus;
            CREATE TABLE b4_pgbench_skus (n int PRIMARY KEY, id uuid NOT NULL);
            INSERT INTO b4_pgbench_skus SELECT ordinality, id FROM unnest(@skus::uuid[]) WITH ORDINALITY AS s(id, ordinality);
            """, new { skus });
        await Seeding.StockTopUp.PostgresAsync(connection, skus, 1_000_000_000);
        var script = Path.Combine(Path.GetTempPath(), $"b4-pgbench-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var (spread, one) = (new List<double>(), new List<double>());
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, count, rates) in new[] { ("A 1,000 SKUs", skus.Length, spread), ("B one SKU", 1, one) })
                {
                    var rate = await RunPgbenchAsync(pgbench, connectionString, script, count, clients, duration);
                    rates.Add(rate);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  pgbench round {round} {name,-13} {rate,7:F0} reservations/s  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
                }
            }

            return (Results.ResultTable.Median(spread), Results.ResultTable.Median(one));
        }
        finally
        {
            File.Delete(script);
            await connection.ExecuteAsync("DROP TABLE b4_pgbench_skus");
        }
    }

    private static async Task<double> RunPgbenchAsync(string pgbench, string connectionString, string script, int skus, int clients, TimeSpan duration)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(pgbench) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["PGPASSWORD"] = target.Password;
        info.Environment["PGSSLMODE"] = target.SslMode == SslMode.Disable ? "disable" : "prefer";
        foreach (var argument in new[]
        {
            "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username!, "-d", target.Database!,
            "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
            "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-D", $"skus={skus}", "-f", script,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"pgbench printed no rate (exit {process.ExitCode}): {await output}{await errors}");
        return double.Parse(line[6..].Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
