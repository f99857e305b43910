namespace Marketplace.Web.Demo;

/// <summary>
/// The host's clock when demo data is on: the wrapped clock, or — while <see cref="DemoHistory"/> replays a past year
/// through the real order pipeline at start — a moment of that year moving at the real pace. Everything that reads the
/// time (the order service, payments, the outbox, the sweep) sees the same past moment, so each order is priced,
/// placed, paid and entered in the ledger on the day it tells; timers keep the real pace.
/// </summary>
public sealed class DemoClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public bool IsShifted => Interlocked.Read(ref _offsetTicks) != 0;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>From now on the clock reads <paramref name="instant"/>, then moves on from there.</summary>
    public void TravelTo(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - inner.GetUtcNow()).Ticks);

    /// <summary>Back to the wrapped clock's time.</summary>
    public void Return() => Interlocked.Exchange(ref _offsetTicks, 0);
}
