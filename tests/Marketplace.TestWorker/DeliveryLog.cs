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
        where T : class => RecordAsync(context, options.Value.Name);

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    /// <summary>A delivery whose retries are spent is recorded as "{worker}:fault".</summary>
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => RecordAsync(context, $"{options.Value.Name}:fault");

    private async Task RecordAsync<T>(ConsumeContext<T> context, string worker)
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
            $"INSERT INTO test_deliveries (message_id, worker, delivered_at) VALUES ({messageId}, {worker}, {at})");
    }
}
