using System.Collections.Concurrent;
using System.Diagnostics;
using Marketplace.Core.Messaging;
using Marketplace.Core.Observability;
using Marketplace.TestWorker;

namespace Marketplace.Core.Tests.Messaging;

public sealed class OutboxTracingTests
{
    private static readonly ActivitySource _request = new("Marketplace.Tests.Request");

    [Test]
    public async Task The_consumer_runs_in_the_trace_of_the_request_that_wrote_the_outbox_row()
    {
        using var data = new TempFolder();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is TelemetryRegistration.MassTransitSource or OutboxRelay.ActivitySourceName or "Marketplace.Tests.Request",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await EmbeddedHost.StartAsync(data.Path);

        ActivityTraceId requestTrace;
        using (var request = _request.StartActivity("POST /api/orders", ActivityKind.Server))
        {
            requestTrace = request!.TraceId;
            await host.WriteToOutboxAsync(new WorkItem(Guid.NewGuid()));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(stopped.Any(a => a.Kind == ActivityKind.Consumer)), "the consumer's span ended");
        var consume = stopped.First(a => a.Kind == ActivityKind.Consumer);
        var relay = stopped.Single(a => a.Source.Name == OutboxRelay.ActivitySourceName);
        Assert.Multiple(() =>
        {
            Assert.That(relay.TraceId, Is.EqualTo(requestTrace), "the relay continues the request's trace");
            Assert.That(consume.TraceId, Is.EqualTo(requestTrace), "the consumer continues it too");
        });
    }
}
