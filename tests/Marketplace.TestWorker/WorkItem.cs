namespace Marketplace.TestWorker;

/// <summary>
/// A test-only message: a unit of work whose effect the tests count. <paramref name="TimeoutsFirst"/>: its first
/// deliveries time out as if the database were away.
/// </summary>
public sealed record WorkItem(Guid Key, int ProcessingMilliseconds = 0, bool Fail = false, int TimeoutsFirst = 0);
