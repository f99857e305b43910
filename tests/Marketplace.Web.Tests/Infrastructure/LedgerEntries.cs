using Marketplace.Core.Assistance;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>An order's assistance-ledger entries once the ledger consumer has written at least as many as expected (or after 20 s).</summary>
public static class LedgerEntries
{
    public static async Task<List<AssistanceEntry>> ForOrderAsync(MarketplaceWebFactory factory, Guid orderId, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var entries = await UnitPeople.InScopeAsync(factory, db => db.AssistanceEntries.AsNoTracking().Where(e => e.OrderId == orderId).ToListAsync());
            if (entries.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(50);
        }
    }
}
