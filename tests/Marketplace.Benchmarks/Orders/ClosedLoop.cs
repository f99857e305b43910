using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Marketplace.Benchmarks.Orders;

/// <summary>What one run of a loop measured: completions per second in the steady window, latencies, failures.</summary>
/// <summary><paramref name="Total"/> counts every completion of the run, the ramp included (for CPU per round trip).</summary>
internal sealed record LoopResult(double PerSecond, double P50Ms, double P99Ms, long Completed, long Total, long Failures)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{PerSecond,8:F1} /s  p50 {P50Ms,8:F1} ms  p99 {P99Ms,8:F1} ms  completed {Completed}  failures {Failures}");
}

/// <summary>
/// Drives one asynchronous round trip (an order end to end, or a bare message) either with a fixed number in flight
/// (each completion starts the next: the sustained rate) or at a fixed pace (the lag at a given rate).
/// </summary>
internal static class ClosedLoop
{
    /// <summary>
    /// <paramref name="inFlight"/> round trips at once for <paramref name="duration"/>; the rate counts the completions
    /// after the first quarter (the ramp while the pipeline fills), then waits for the stragglers so runs do not overlap.
    /// </summary>
    public static async Task<LoopResult> SaturatedAsync(int inFlight, TimeSpan duration, Func<long, Task> roundTrip)
    {
        var clock = Stopwatch.StartNew();
        var from = duration / 4;
        var latencies = new ConcurrentBag<double>();
        long counted = 0, total = 0, failures = 0, next = 0;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                try
                {
                    await roundTrip(Interlocked.Increment(ref next));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref failures);
                    Remember(e);
                    await Task.Delay(100);
                    continue;
                }

                var ended = clock.Elapsed;
                Interlocked.Increment(ref total);
                if (ended >= from && ended <= duration)
                {
                    Interlocked.Increment(ref counted);
                    latencies.Add((ended - started).TotalMilliseconds);
                }
            }
        })));
        return Result(counted / (duration - from).TotalSeconds, latencies, counted, total, failures);
    }

    /// <summary>Starts a round trip every 1/<paramref name="perSecond"/> s for <paramref name="duration"/>, whatever is in flight; waits for all.</summary>
    public static async Task<LoopResult> PacedAsync(double perSecond, TimeSpan duration, Func<long, Task> roundTrip)
    {
        var clock = Stopwatch.StartNew();
        var latencies = new ConcurrentBag<double>();
        var running = new List<Task>();
        long failures = 0;
        for (long n = 0; ; n++)
        {
            var due = TimeSpan.FromSeconds(n / perSecond);
            if (due >= duration)
            {
                break;
            }

            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var number = n;
            running.Add(Task.Run(async () =>
            {
                var started = clock.Elapsed;
                try
                {
                    await roundTrip(number);
                    latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref failures);
                    Remember(e);
                }
            }));
        }

        await Task.WhenAll(running);
        return Result(latencies.Count / duration.TotalSeconds, latencies, latencies.Count, latencies.Count, failures);
    }

    /// <summary>The first failure of the program's loops, to print with the results.</summary>
    public static string? FirstFailure { get; private set; }

    private static void Remember(Exception e) => FirstFailure ??= $"{e.GetType().Name}: {e.Message}";

    private static LoopResult Result(double perSecond, ConcurrentBag<double> latencies, long completed, long total, long failures)
    {
        var sorted = latencies.Order().ToArray();
        return new LoopResult(perSecond, Percentile(sorted, 50), Percentile(sorted, 99), completed, total, failures);
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];
}
