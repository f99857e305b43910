using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Agreements;

/// <summary>
/// An agreement as the annual report states it: signed (created) on a China-time day, worth its cap, for goods of a
/// region, all uniforms or not, and the wear season its scheduled deliveries share (none when they differ or there
/// are none). A commitment, not a purchase: its call-offs reach the ledger when they are paid.
/// </summary>
public sealed record SignedAgreement(Guid Id, string Title, Guid BuyerOrganizationId, long CapFen, DateOnly SignedOn, AssistedRegion Region, bool Uniforms, WearSeason? Season);

/// <summary>The procurement agreements signed in a China-time year, for the annual report.</summary>
public sealed class SignedAgreements(MarketplaceDbContext db)
{
    /// <summary>Those of <paramref name="buyers"/> (none: every buyer) signed in <paramref name="year"/>.</summary>
    public async Task<IReadOnlyList<SignedAgreement>> InYearAsync(int year, IReadOnlyCollection<Guid>? buyers, CancellationToken cancellationToken = default)
    {
        // The China-time year in UTC: it starts eight hours before the calendar year does.
        var from = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        var to = from.AddYears(1);
        var query = db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery()
            .Where(a => a.CreatedAt >= from && a.CreatedAt < to);
        if (buyers is not null)
        {
            query = query.Where(a => buyers.Contains(a.BuyerOrganizationId));
        }

        var agreements = await query.ToListAsync(cancellationToken);
        var skuIds = agreements.SelectMany(a => a.Items.Select(i => i.SkuId)).Distinct().ToList();
        var goods = await db.ListingSkus.AsNoTracking()
            .Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => new { s.Id, l.Category, l.CountyCode })
            .Join(db.Counties, x => x.CountyCode, c => c.Code, (x, c) => new { x.Id, x.Category, c.Region })
            .Where(x => skuIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, cancellationToken);
        return [.. agreements
            .Where(a => a.Items.All(i => goods.ContainsKey(i.SkuId)))
            .OrderBy(a => a.CreatedAt)
            .Select(a => new SignedAgreement(
                a.Id, a.Title, a.BuyerOrganizationId, a.CapFen, ChinaCalendar.DateOf(a.CreatedAt),
                goods[a.Items[0].SkuId].Region,
                a.Items.All(i => goods[i.SkuId].Category == ProductCategory.Uniforms),
                WearSeasons.Common(a.Deliveries.Select(d => d.DueOn.Month))))];
    }
}
