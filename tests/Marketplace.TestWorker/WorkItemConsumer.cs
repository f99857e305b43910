using System.Collections.Concurrent;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.TestWorker;

/// <summary>Writes one effect row per applied work item, inside the consumer's transaction.</summary>
public sealed class WorkItemConsumer(MarketplaceDbContext db, TimeProvider clock, IOptions<TestWorkerOptions> options)
    : TransactionalConsumer<WorkItem>(db, clock)
{
    private static readonly ConcurrentDictionary<Guid, int> _attempts = new();

    protected override async Task Handle(ConsumeContext<WorkItem> context)
    {
        var item = context.Message;
        if (item.Fail)
        {
            throw new InvalidOperationException($"Work item {item.Key} is set to fail.");
        }

        if (_attempts.AddOrUpdate(item.Key, 1, (_, n) => n + 1) <= item.TimeoutsFirst)
        {
            throw new TimeoutException($"Work item {item.Key}: the database did not answer in time.");
        }

        var key = item.Key.ToString();
        var messageId = context.MessageId!.Value.ToString();
        await Db.Database.ExecuteSqlAsync(
            $"INSERT INTO test_effects (key, worker, message_id) VALUES ({key}, {options.Value.Name}, {messageId})",
            context.CancellationToken);
        if (item.ProcessingMilliseconds > 0)
        {
            await Task.Delay(item.ProcessingMilliseconds, context.CancellationToken);
        }
    }
}

public sealed class WorkItemConsumerDefinition : MarketplaceConsumerDefinition<WorkItemConsumer>;
