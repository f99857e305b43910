using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Welfare;
using Marketplace.Core.WelfareCampaigns;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// An open 福利自选 for 长安汽车's employees: beef and pears from the two designated counties, ¥200 each, choosing open
/// for <see cref="OpenDays"/> days from seeding, delivered to the head office; what is left stays in the demo programme's
/// wallets. A unit that has a campaign of that name already gets nothing new.
/// </summary>
public static class DemoWelfareCampaign
{
    public const string Name = "2026年终职工福利自选";
    public const long AllowanceFen = 20_000;
    public const int OpenDays = 14;
    public const int MaxItems = 6;

    public static readonly DeliveryAddress HeadOffice = new("行政部 孙强", "023-67591234", "重庆市江北区", "建新东路 260 号 长安汽车总部行政楼", "400023");

    /// <summary>Adds the campaign when it is missing; returns whether it did.</summary>
    public static async Task<bool> SeedAsync(MarketplaceDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var unit = await db.Organizations.FirstOrDefaultAsync(o => o.Name == DemoAccounts.Changan && o.Kind == OrganizationKind.MemberUnit, cancellationToken);
        if (unit is null || await db.WelfareCampaigns.AnyAsync(c => c.UnitId == unit.Id && c.Name == Name, cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var admin = await db.Memberships.Where(m => m.OrganizationId == unit.Id && m.Roles.Any(r => r.Role == OrganizationRole.UnitAdmin))
            .Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(cancellationToken);
        var programme = (await db.WelfareProgrammes.Where(p => p.UnitId == unit.Id && p.Status == WelfareProgrammeStatus.Active).ToListAsync(cancellationToken))
            .Where(p => p.ExpiresAt > now.AddDays(OpenDays)).OrderBy(p => p.ExpiresAt).FirstOrDefault();
        string[] suppliers = [DemoAccounts.YanshanCooperative, DemoAccounts.LuxiPearFirm];
        var skus = await (from s in db.ListingSkus
                          join l in db.Listings.IgnoreAutoIncludes() on s.ListingId equals l.Id
                          join o in db.Organizations on l.SupplierId equals o.Id
                          where l.Status == ListingStatus.Published && suppliers.Contains(o.Name) && s.PriceFen <= AllowanceFen && s.StockSlots.Any(p => p.Pieces > 0)
                          orderby l.Name, s.PriceFen
                          select s.Id).Take(MaxItems).ToListAsync(cancellationToken);
        if (admin is null || skus.Count == 0)
        {
            return false;
        }

        db.WelfareCampaigns.Add(WelfareCampaign.Publish(
            unit.Id, Name, AllowanceFen, now.AddDays(OpenDays), "总部行政楼", HeadOffice,
            programme is null ? LeftoverRule.Lapses : LeftoverRule.StaysInWallet, skus, admin.Value, now, programme));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
