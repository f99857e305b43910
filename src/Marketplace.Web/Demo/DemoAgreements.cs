using Marketplace.Core.Agreements;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// The winter-uniform agreement of the group's report: 长安汽车 buys 640 winter coats from 疏附县's uniform maker at a
/// locked ¥240 (the catalog asks ¥268), ¥153,600 in all, in three scheduled deliveries; the maker has confirmed capacity
/// for the first two. Made by the unit's purchaser through <see cref="Core.Agreements.Agreements"/>, as a person would; seeded once.
/// </summary>
public static class DemoAgreements
{
    public const string WinterUniformTitle = "2026 年冬季工装采购协议";
    public const long WinterUniformCapFen = 15_360_000;
    public const long WinterCoatPriceFen = 24_000;

    private static readonly (int InDays, string SkuCode, int Quantity, bool Confirmed)[] Schedule =
    [
        (15, "COAT-M", 200, true),
        (45, "COAT-L", 240, true),
        (75, "COAT-XL", 200, false),
    ];

    /// <summary>Returns how many agreements it added (0 or 1).</summary>
    public static async Task<int> SeedAsync(MarketplaceDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var unit = await db.Organizations.FirstOrDefaultAsync(o => o.Name == DemoAccounts.Changan && o.Kind == OrganizationKind.MemberUnit, cancellationToken);
        var supplier = await db.Organizations.FirstOrDefaultAsync(o => o.Name == DemoAccounts.ShufuUniformFirm && o.Kind == OrganizationKind.Supplier, cancellationToken);
        if (unit is null || supplier is null
            || await db.Set<ProcurementAgreement>().AnyAsync(a => a.BuyerOrganizationId == unit.Id && a.Title == WinterUniformTitle, cancellationToken))
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

        var today = ChinaCalendar.DateOf(clock.GetUtcNow().UtcDateTime);
        var agreements = new Core.Agreements.Agreements(db, clock);
        var agreement = await agreements.CreateAsync(
            WinterUniformTitle, unit.Id, supplier.Id, WinterUniformCapFen, today.AddDays(-1), today.AddDays(120),
            [.. skus.Values.Select(id => new AgreementItemDraft(id, WinterCoatPriceFen))],
            [.. Schedule.Select(s => new AgreementDeliveryDraft(today.AddDays(s.InDays), skus[s.SkuCode], s.Quantity))],
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
