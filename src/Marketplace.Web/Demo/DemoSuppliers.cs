using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>What makes a demo supplier certified: its application, county and declared benefit linkage.</summary>
public sealed record DemoSupplier(
    string Name, string AdminEmail, SupplierType Type, string CountyCode, string CreditCodePrefix, string ContactPerson, string Phone,
    BenefitMechanism Mechanism, string Description, int Households, int People, int PovertyAlleviatedPeople, int DisabledPeople);

/// <summary>
/// Certifies the demo suppliers: an application in their county (Active, valid this year and the next) and a
/// benefit linkage. Adds only what is missing, so a second start changes nothing.
/// </summary>
public static class DemoSuppliers
{
    public static readonly IReadOnlyList<DemoSupplier> All =
    [
        new(DemoAccounts.YanshanCooperative, "admin@yanshan-cattle.demo", SupplierType.Cooperative, CountySeed.Yanshan, "93532622MA6N0Y8",
            "杨建华", "0876-3121234", BenefitMechanism.CooperativeAndHouseholds, "党总支+合作社+农户：农户以牛入社，保底收购并按出栏分红",
            312, 1296, 86, 21),
        new(DemoAccounts.LuxiPearFirm, "admin@luxi-pear.demo", SupplierType.Enterprise, CountySeed.Luxi, "91532527MA6K3L2",
            "张丽萍", "0873-6621234", BenefitMechanism.PurchaseAgreement, "龙头企业+合作社+农户：高原梨保底价订单收购，果园务工工资",
            458, 1873, 112, 34),
    ];

    /// <summary>Returns how many applications it added or approved.</summary>
    public static async Task<int> SeedAsync(MarketplaceDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaCalendar.DateOf(now);
        var changed = 0;
        foreach (var demo in All)
        {
            var supplier = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Supplier && o.Name == demo.Name, cancellationToken);
            var admin = await db.Users.FirstOrDefaultAsync(u => u.Email == demo.AdminEmail, cancellationToken);
            if (supplier is null || admin is null)
            {
                continue;
            }

            var application = await db.SupplierApplications.SingleOrDefaultAsync(a => a.OrganizationId == supplier.Id, cancellationToken);
            if (application is null)
            {
                var creditCode = demo.CreditCodePrefix + "XX";
                creditCode = creditCode[..17] + UnifiedSocialCreditCodes.CheckCharacter(creditCode[..17]);
                application = SupplierApplication.Create(
                    supplier, demo.Type, demo.CountyCode, creditCode, demo.ContactPerson, demo.Phone, demo.AdminEmail, admin.Id, now);
                db.SupplierApplications.Add(application);
            }

            if (application.Status == CertificationStatus.Applied)
            {
                application.Approve(new DateOnly(today.Year, 1, 1), new DateOnly(today.Year + 1, 12, 31), admin.Id, now);
                changed++;
            }

            if (!await db.BenefitLinkages.AnyAsync(b => b.SupplierId == supplier.Id, cancellationToken))
            {
                db.BenefitLinkages.Add(BenefitLinkage.Declare(
                    supplier.Id, demo.Mechanism, demo.Description, demo.Households, demo.People, demo.PovertyAlleviatedPeople,
                    demo.DisabledPeople, new DateOnly(today.Year, 1, 1), admin.Id, now));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return changed;
    }
}
