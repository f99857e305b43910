using Marketplace.Core.Data;
using Marketplace.Core.Hosting;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.WelfareCampaigns;

/// <summary>
/// Closes every open campaign whose deadline has passed, each in its own scope and transaction, at ordering's sweep
/// interval. Several processes may sweep at once: the campaign's revision lets one of them close it.
/// </summary>
public sealed class WelfareCampaignSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OrderingOptions> options)
    : IPeriodicSweep
{
    private const int Batch = 20;

    public TimeSpan Interval => options.Value.SweepInterval;

    public string Name => "welfare campaign sweep";

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
}
