using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Messaging;

/// <summary>Deletes sent outbox rows and old inbox rows after their retention periods.</summary>
public sealed partial class MessageStoreCleanup(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<MessageStoreCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Outbox.CleanupInterval, clock);
        do
        {
            try
            {
                await CleanupAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public async Task<(int Outbox, int Inbox)> CleanupAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var sentBefore = now - options.Value.Outbox.SentRetention;
        var processedBefore = now - options.Value.Outbox.InboxRetention;
        var outbox = await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.InboxMessages.Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
        return (outbox, inbox);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Cleaning up the outbox and inbox failed; trying again at the next interval")]
    private partial void LogCleanupFailed(Exception exception);
}
