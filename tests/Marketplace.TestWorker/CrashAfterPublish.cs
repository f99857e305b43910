using MassTransit;

namespace Marketplace.TestWorker;

/// <summary>
/// Kills this process the moment the broker has confirmed a work item, before the relay can mark its outbox row
/// as sent: the crash that the outbox must survive.
/// </summary>
public sealed class CrashAfterPublish : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        if (context.Message is WorkItem)
        {
            Console.Out.WriteLine($"CRASHING after publishing {context.MessageId}");
            Console.Out.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }

        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
