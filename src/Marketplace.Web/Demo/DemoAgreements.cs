using Marketplace.Core.Agreements;
using Marketplace.Core.Assistance;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// The winter-uniform agreement of the group's report: 长安汽车 buys 640 winter coats from 疏附县's uniform maker at a
/// locked ¥240 (the catalog asks ¥268), ¥153,600 in all, in three scheduled deliveries a month apart in the coming winter
/// (October–March, so the report names it a winter agreement); the maker has confirmed capacity for the first two. Made
/// by the unit's purchaser through <see cref="Core.Agreements.Agreements"/>, as a person would, on the clock's day: the
/// current year's when the demo data start, and 2021's when <see cref="DemoHistory"/> replays that year. Once a year.
/// </summary>
public static class DemoAgreements
{
    public const long WinterUniformCapFen = 15_360_000;
    public const long WinterCoatPriceFen = 24_000;

    /// <summary>Each delivery's days after the first.</summary>
    private static readonly (int AfterFirst, string SkuCode, int Quantity, bool Confirmed)[] Schedule =
    [
        (0, "COAT-M", 200, true),
        (30, "COAT-L", 240, true),
        (60, "COAT-XL", 200, false),
    ];

    public static string WinterUniformTitle(int year) => $"{year} 年冬季工装采购协议";

    /// <summary>
    /// The first delivery: a fortnight on when the whole schedule still fits in this winter (it ends by 31 March), else
    /// 15 October, the start of the next winter.
    /// </summary>
    public static DateOnly FirstDelivery(DateOnly today)
    {
        var soon = today.AddDays(15);
        var lastDay = soon.AddDays(Schedule[^1].AfterFirst);
        // Two months apart, both in winter: the same winter. Otherwise it is spring or summer, before this year's October.
        return WearSeasons.Of(soon.Month) == WearSeason.Winter && WearSeasons.Of(lastDay.Month) == WearSeason.Winter
            ? soon
            : new DateOnly(soon.Year, 10, 15);
    }

    /// <summary>Returns how many agreements it added (0 or 1).</summary>
    public static async Task<int> SeedAsync(MarketplaceDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var today = ChinaCalendar.DateOf(clock.GetUtcNow().UtcDateTime);
        var title = WinterUniformTitle(today.Year);
        var unit = await db.Organizations.FirstOrDefaultAsync(o => o.Name == DemoAccounts.Changan && o.Kind == OrganizationKind.MemberUnit, cancellationToken);
        var supplier = await db.Organizations.FirstOrDefaultAsync(o => o.Name == DemoAccounts.ShufuUniformFirm && o.Kind == OrganizationKind.Supplier, cancellationToken);
        if (unit is null || supplier is null
            || await db.Set<ProcurementAgreement>().AnyAsync(a => a.BuyerOrganizationId == unit.Id && a.Title == title, cancellationToken))
        {
            return 0;
        }

        var codes = Schedule.Select(s => s.SkuCode).ToList();
        var skus = await db.ListingSkus.Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => new { s.Id, s.Code, l.SupplierId })
            .Where(x => x.SupplierId == supplier.Id && codes.Contains(x.Code)).ToDictionaryAsync(x => x.Code, x => x.Id, cancellationToken);
        var purchaser = await MemberAsync(db, unit.Id, OrganizationRole.UnitPurchaser, cancellationToken);
        var maker = await MemberAsync(db, supplier.Id, OrganizationRole.SupplierAdmin, cancellationToken);
        if (skus.Count != codes.Count || purchaser is null || maker is null)
        {
            return 0;
        }

        var first = FirstDelivery(today);
        var agreements = new Core.Agreements.Agreements(db, clock);
        var agreement = await agreements.CreateAsync(
            title, unit.Id, supplier.Id, WinterUniformCapFen, today.AddDays(-1), first.AddDays(105),
            [.. skus.Values.Select(id => new AgreementItemDraft(id, WinterCoatPriceFen))],
            [.. Schedule.Select(s => new AgreementDeliveryDraft(first.AddDays(s.AfterFirst), skus[s.SkuCode], s.Quantity))],
            new AuditActor(purchaser, unit.Id, null), cancellationToken);
        foreach (var delivery in agreement.Deliveries.Where(d => Schedule.Any(s => s.Confirmed && skus[s.SkuCode] == d.SkuId)))
        {
            await agreements.ConfirmCapacityAsync(agreement.Id, delivery.Id, new AuditActor(maker, supplier.Id, null), cancellationToken);
        }

        return 1;
    }

    private static Task<Guid?> MemberAsync(MarketplaceDbContext db, Guid organizationId, OrganizationRole role, CancellationToken cancellationToken) =>
        db.Memberships.Where(m => m.OrganizationId == organizationId && m.Roles.Any(r => r.Role == role)).Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(cancellationToken);
}
