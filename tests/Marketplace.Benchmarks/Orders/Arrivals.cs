using System.Collections.Concurrent;

namespace Marketplace.Benchmarks.Orders.Bare;

/// <summary>Round trips waiting for their message to reach a consumer, by the message's id.</summary>
internal sealed class Arrivals
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();

    /// <summary>A task that ends when <see cref="Arrived"/> is called for <paramref name="id"/>, or fails after a minute.</summary>
    public Task Expect(Guid id)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = done;
        return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public Task Arrived(Guid id)
    {
        if (_waiting.TryRemove(id, out var done))
        {
            done.TrySetResult();
        }

        return Task.CompletedTask;
    }
}
