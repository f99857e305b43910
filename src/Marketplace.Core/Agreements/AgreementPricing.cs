using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Agreements;

/// <summary>For the order service: a call-off order pays its agreement's locked prices, never the catalog's or the buyer's.</summary>
public static class AgreementPricing
{
    public static async Task<(List<PricedLine> Priced, Dictionary<Guid, LineRejection> Rejected)> LockAsync(
        MarketplaceDbContext db, Order order, List<PricedLine> priced, Dictionary<Guid, LineRejection> rejected, CancellationToken cancellationToken)
    {
        if (order.AgreementId is not { } agreementId)
        {
            return (priced, rejected);
        }

        var locked = await db.Set<AgreementItem>().AsNoTracking().Where(i => i.AgreementId == agreementId)
            .ToDictionaryAsync(i => i.SkuId, i => i.UnitPriceFen, cancellationToken);
        var skus = order.Lines.ToDictionary(l => l.Id, l => l.SkuId);
        foreach (var line in priced.Where(p => !locked.ContainsKey(skus[p.LineId])))
        {
            rejected[line.LineId] = LineRejection.Unavailable;
        }

        return ([.. priced.Where(p => locked.ContainsKey(skus[p.LineId])).Select(p => p with { UnitPriceFen = locked[skus[p.LineId]] })], rejected);
    }
}
