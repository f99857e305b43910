namespace Marketplace.TestWorker;

/// <summary>A test-only message: a unit of work whose effect the tests count.</summary>
public sealed record WorkItem(Guid Key, int ProcessingMilliseconds = 0, bool Fail = false);
