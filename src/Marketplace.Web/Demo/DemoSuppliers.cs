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
/// Certifies the demo suppliers: an application in their county (Active from the start of <see cref="DemoHistory.Year"/>
/// to the end of next year) and a benefit linkage in force since then. Their linkages add up to the seed report's
/// beneficiaries (5,444 households, 24,454 people, 297 脱贫户 people, 188 disabled), as all seven sell in that year.
/// Adds only what is missing, so a second start changes nothing.
/// </summary>
public static class DemoSuppliers
{
    public static readonly IReadOnlyList<DemoSupplier> All =
    [
        new(DemoAccounts.YanshanCooperative, "admin@yanshan-cattle.demo", SupplierType.Cooperative, CountySeed.Yanshan, "93532622MA6N0Y8",
            "杨建华", "0876-3121234", BenefitMechanism.CooperativeAndHouseholds, "党总支+合作社+农户：农户以牛入社，保底收购并按出栏分红",
            1186, 5320, 62, 36),
        new(DemoAccounts.LuxiPearFirm, "admin@luxi-pear.demo", SupplierType.Enterprise, CountySeed.Luxi, "91532527MA6K3L2",
            "张丽萍", "0873-6621234", BenefitMechanism.PurchaseAgreement, "龙头企业+合作社+农户：高原梨保底价订单收购，果园务工工资",
            1372, 6138, 71, 41),
        new(DemoAccounts.HotanJujubeCooperative, "admin@hotan-jujube.demo", SupplierType.Cooperative, "653221", "93653221MA78H1D",
            "艾力·买买提", "0903-2511234", BenefitMechanism.CooperativeAndHouseholds, "合作社+农户：枣农以枣园入社，统一管护、统一收购，按交售量二次返利",
            736, 3296, 38, 26),
        new(DemoAccounts.AksuOrchardFirm, "admin@aksu-orchard.demo", SupplierType.Enterprise, "652901", "91652901MA79A2K",
            "古丽娜尔·吐尔逊", "0997-2121234", BenefitMechanism.LeadingEnterprise, "龙头企业+合作社+农户：冰糖心苹果、核桃订单收购，分拣包装车间就近就业",
            964, 4310, 49, 31),
        new(DemoAccounts.ShufuUniformFirm, "admin@shufu-uniform.demo", SupplierType.Enterprise, "653121", "91653121MA7BG23",
            "阿不都热合曼", "0998-5621234", BenefitMechanism.Wages, "卫星工厂吸纳当地妇女就近就业，按件计酬，培训后持证上岗",
            318, 1420, 21, 14),
        new(DemoAccounts.NyingchiBarleyCooperative, "admin@nyingchi-barley.demo", SupplierType.Cooperative, "540402", "93540402MA6T1Q5",
            "次仁卓玛", "0894-5821234", BenefitMechanism.Dividends, "合作社+农牧户：青稞种植户以土地入股，保底价收购并年底分红",
            402, 1890, 27, 18),
        new(DemoAccounts.ShigatseYakFirm, "admin@shigatse-yak.demo", SupplierType.Enterprise, "540202", "91540202MA6TJ07",
            "扎西平措", "0892-8821234", BenefitMechanism.PurchaseAgreement, "龙头企业+合作社+牧户：牦牛保底收购，藏香作坊吸纳手工艺人就业",
            466, 2080, 29, 22),
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
                application.Approve(new DateOnly(DemoHistory.Year, 1, 1), new DateOnly(today.Year + 1, 12, 31), admin.Id, now);
                changed++;
            }

            if (!await db.BenefitLinkages.AnyAsync(b => b.SupplierId == supplier.Id, cancellationToken))
            {
                db.BenefitLinkages.Add(BenefitLinkage.Declare(
                    supplier.Id, demo.Mechanism, demo.Description, demo.Households, demo.People, demo.PovertyAlleviatedPeople,
                    demo.DisabledPeople, new DateOnly(DemoHistory.Year, 1, 1), admin.Id, now));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return changed;
    }
}
