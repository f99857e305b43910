using Marketplace.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Core.Tests.Hosting;

public sealed class PeriodicSweepTests
{
    [Test]
    public async Task It_sweeps_at_start_and_every_interval_and_a_failed_pass_is_logged_without_stopping_the_loop()
    {
        var sweep = new CountingSweep(failOnPass: 2);
        var logger = new ListLogger();
        var loop = new PeriodicSweep<CountingSweep>(sweep, TimeProvider.System, logger);

        await loop.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sweep.Passes < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await loop.StopAsync(CancellationToken.None);
        var passes = sweep.Passes;
        await Task.Delay(100);

        Assert.Multiple(() =>
        {
            Assert.That(passes, Is.GreaterThanOrEqualTo(4), "passes go on after the failed one");
            Assert.That(sweep.Passes, Is.EqualTo(passes), "no pass after the host stops");
            Assert.That(logger.Errors, Is.EqualTo(new[] { "The counting sweep failed; it runs again at the next interval." }));
        });
    }

    private sealed class CountingSweep(int failOnPass) : IPeriodicSweep
    {
        private int _passes;

        public int Passes => Volatile.Read(ref _passes);

        public TimeSpan Interval => TimeSpan.FromMilliseconds(20);

        public string Name => "counting sweep";

        public Task<int> SweepAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _passes) == failOnPass ? throw new InvalidOperationException("the database went away") : Task.FromResult(0);
    }

    private sealed class ListLogger : ILogger<CountingSweep>
    {
        private readonly List<string> _errors = [];

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error && exception is InvalidOperationException)
            {
                lock (_errors)
                {
                    _errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
