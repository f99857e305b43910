using Marketplace.Core.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.TestWorker;

/// <summary>Records every delivery of a work item, before the inbox decides, in its own transaction.</summary>
public sealed class DeliveryLog(IServiceScopeFactory scopes, IOptions<TestWorkerOptions> options) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => RecordAsync(context, "received");

    /// <summary>The consumer finished: it applied the message or found it in the inbox.</summary>
    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => RecordAsync(context, "done");

    /// <summary>The retries are spent; the message goes to the error queue.</summary>
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => RecordAsync(context, "fault");

    private async Task RecordAsync<T>(ConsumeContext<T> context, string stage)
        where T : class
    {
        if (context.Message is not WorkItem)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var messageId = context.MessageId!.Value.ToString();
        var at = DateTime.UtcNow;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO test_deliveries (message_id, worker, stage, delivered_at) VALUES ({messageId}, {options.Value.Name}, {stage}, {at})");
    }
}
