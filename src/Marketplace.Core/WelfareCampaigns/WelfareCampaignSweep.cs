using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.WelfareCampaigns;

/// <summary>
/// Closes every open campaign whose deadline has passed, each in its own scope and transaction, at ordering's sweep
/// interval. Several processes may sweep at once: the campaign's revision lets one of them close it.
/// </summary>
public sealed partial class WelfareCampaignSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OrderingOptions> options, ILogger<WelfareCampaignSweep> logger)
    : BackgroundService
{
    private const int Batch = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns how many campaigns it closed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>().WelfareCampaigns
                .Where(c => c.Status == WelfareCampaignStatus.Open && c.Deadline <= now).OrderBy(c => c.Deadline).Select(c => c.Id).Take(Batch)
                .ToListAsync(cancellationToken);
        }

        var closed = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            var campaign = await db.WelfareCampaigns.SingleAsync(c => c.Id == id, cancellationToken);
            if ((await scope.ServiceProvider.GetRequiredService<WelfareCampaignClosing>().CloseAsync(campaign, cancellationToken)).Closed)
            {
                closed++;
            }
        }

        return closed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The welfare campaign sweep failed; it runs again at the next interval.")]
    private partial void LogSweepFailed(Exception exception);
}
