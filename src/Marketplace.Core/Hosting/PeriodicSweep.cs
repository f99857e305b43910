using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Core.Hosting;

/// <summary>A background job that makes one pass over what is due, run by <see cref="PeriodicSweep{TSweep}"/> at its interval.</summary>
public interface IPeriodicSweep
{
    /// <summary>Time between passes, from the feature's options; read once, when the loop starts.</summary>
    TimeSpan Interval { get; }

    /// <summary>What the log calls it ("order sweep").</summary>
    string Name { get; }

    /// <summary>One pass; returns how many things it changed.</summary>
    Task<int> SweepAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs a sweep at start and then at every interval until the host stops. A failed pass is logged (under the sweep's
/// own category) and the next pass runs on time: a sweep's work is idempotent, so the next pass retries it.
/// </summary>
public sealed class PeriodicSweep<TSweep>(TSweep sweep, TimeProvider clock, ILogger<TSweep> logger) : BackgroundService
    where TSweep : IPeriodicSweep
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(sweep.Interval, clock);
        do
        {
            try
            {
                await sweep.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PeriodicSweepLog.SweepFailed(logger, ex, sweep.Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static partial class PeriodicSweepLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The {Sweep} failed; it runs again at the next interval.")]
    public static partial void SweepFailed(ILogger logger, Exception exception, string sweep);
}

public static class PeriodicSweepRegistration
{
    /// <summary>
    /// The sweep as a singleton (so single passes can be run directly) and, when <paramref name="run"/>, its loop as a
    /// hosted service.
    /// </summary>
    public static IServiceCollection AddPeriodicSweep<TSweep>(this IServiceCollection services, bool run)
        where TSweep : class, IPeriodicSweep
    {
        services.AddSingleton<TSweep>();
        if (run)
        {
            services.AddHostedService<PeriodicSweep<TSweep>>();
        }

        return services;
    }
}
