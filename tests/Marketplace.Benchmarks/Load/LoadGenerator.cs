using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Marketplace.Benchmarks.Load;

/// <summary>What one load run measured.</summary>
internal sealed record LoadResult(long Requests, TimeSpan Duration, long Failures, double P50Ms, double P95Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond,9:F0} req/s  p50 {P50Ms,7:F2} ms  p95 {P95Ms,7:F2} ms  p99 {P99Ms,7:F2} ms  failures {Failures}");
}

/// <summary>Drives one URL with a fixed number of keep-alive connections for a fixed time.</summary>
internal interface ILoadGenerator
{
    string Description { get; }

    Task<LoadResult> RunAsync(string url, int connections, TimeSpan duration);
}

/// <summary>wrk in its own process (2 threads), with a script that prints the totals and percentiles in one line.</summary>
internal sealed class WrkLoadGenerator(string wrk, string scriptPath) : ILoadGenerator
{
    private const string Script = """
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
            e.connect + e.read + e.write + e.timeout + e.status,
            latency:percentile(50), latency:percentile(95), latency:percentile(99)))
        end
        """;

    public string Description => $"wrk ({wrk}), 2 threads, a separate process";

    public static WrkLoadGenerator Create(string wrk, string folder)
    {
        var script = Path.Combine(folder, "report.lua");
        File.WriteAllText(script, Script);
        return new WrkLoadGenerator(wrk, script);
    }

    public async Task<LoadResult> RunAsync(string url, int connections, TimeSpan duration)
    {
        var info = new ProcessStartInfo(wrk)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", scriptPath, url })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {await output}{await errors}");
        var n = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new LoadResult(n[0], TimeSpan.FromMicroseconds(n[1]), n[2], n[3] / 1000.0, n[4] / 1000.0, n[5] / 1000.0);
    }
}

/// <summary>The fallback when wrk cannot be had: N tasks on N pooled connections of one HttpClient, in this process.</summary>
internal sealed class HttpClientLoadGenerator : ILoadGenerator
{
    public string Description => "in-process HttpClient (wrk not available), one task per connection";

    public async Task<LoadResult> RunAsync(string url, int connections, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<double>();
            long failures = 0;
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                    failures += response.IsSuccessStatusCode ? 0 : 1;
                }
                catch (HttpRequestException)
                {
                    failures++;
                }
                catch (TaskCanceledException)
                {
                    failures++;
                }

                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            }

            return (latencies, failures);
        }).ToList();
        var results = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = results.SelectMany(r => r.latencies).Order().ToArray();
        return new LoadResult(all.Length, elapsed, results.Sum(r => r.failures), Percentile(all, 50), Percentile(all, 95), Percentile(all, 99));
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];
}
