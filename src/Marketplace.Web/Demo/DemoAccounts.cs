using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>One demo user: where they belong (null: a member of the public) and what they may do there.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string? Organization, IReadOnlyList<OrganizationRole> Roles);

/// <summary>
/// Demo users of every role, seeded with the demo data only (Development or <c>DemoData:Enabled</c>, never
/// Production), all with the one documented <see cref="Password"/>. Each is added once, by email; a user whose
/// organization was renamed away is skipped rather than put somewhere else.
/// </summary>
public static class DemoAccounts
{
    /// <summary>
    /// The password of every demo user. It is public on purpose (README, the sign-in page in Development): demo
    /// data never runs in Production, and nothing outside this folder may use it.
    /// </summary>
    public const string Password = "bangfu-demo-2021";

    public const string Changan = "长安汽车";
    public const string Jialing = "嘉陵特装";

    public const string OperatorEmail = "operator@csgc.demo";

    /// <summary>The cooperative of 砚山县 (Yanshan, 532622) that raises Wenshan cattle.</summary>
    public const string YanshanCooperative = "砚山县文山牛养殖专业合作社";

    /// <summary>The pear firm of 泸西县 (Luxi, 532527).</summary>
    public const string LuxiPearFirm = "泸西县高原梨果业有限公司";

    /// <summary>The red-date cooperative of 和田县 (Hotan, 653221), Xinjiang.</summary>
    public const string HotanJujubeCooperative = "和田县昆仑红枣农民专业合作社";

    /// <summary>The apple and walnut firm of 阿克苏市 (Aksu, 652901), Xinjiang.</summary>
    public const string AksuOrchardFirm = "阿克苏红旗坡果业有限公司";

    /// <summary>The work-uniform maker of 疏附县 (Shufu, 653121), Xinjiang: the group's summer and winter uniforms.</summary>
    public const string ShufuUniformFirm = "疏附县天山工装服饰有限公司";

    /// <summary>The highland-barley cooperative of 巴宜区 (Bayi, 林芝, 540402), Tibet.</summary>
    public const string NyingchiBarleyCooperative = "林芝市巴宜区雪域青稞农牧民专业合作社";

    /// <summary>The yak-meat and incense firm of 桑珠孜区 (Samzhubzê, 日喀则, 540202), Tibet.</summary>
    public const string ShigatseYakFirm = "日喀则珠峰牦牛食品有限公司";

    public static readonly IReadOnlyList<(string Name, string ShortName)> Suppliers =
    [
        (YanshanCooperative, "Wenshan Cattle Co-op"),
        (LuxiPearFirm, "Plateau Pear Co."),
        (HotanJujubeCooperative, "Hotan Jujube Co-op"),
        (AksuOrchardFirm, "Aksu Orchard Co."),
        (ShufuUniformFirm, "Tianshan Workwear"),
        (NyingchiBarleyCooperative, "Nyingchi Barley Co-op"),
        (ShigatseYakFirm, "Qomolangma Yak Foods"),
    ];

    public static readonly IReadOnlyList<DemoAccount> All =
    [
        new(OperatorEmail, "运营 周敏", null, [OrganizationRole.Operator]),
        new("employee@changan.demo", "职工 陈磊", Changan, [OrganizationRole.Employee]),
        new("purchaser@changan.demo", "采购员 刘洋", Changan, [OrganizationRole.Employee, OrganizationRole.UnitPurchaser]),
        new("approver@changan.demo", "审批人 王芳", Changan, [OrganizationRole.Employee, OrganizationRole.UnitApprover]),
        new("finance@changan.demo", "财务 赵静", Changan, [OrganizationRole.Employee, OrganizationRole.UnitFinance]),
        new("admin@changan.demo", "单位管理员 孙强", Changan, [OrganizationRole.Employee, OrganizationRole.UnitAdmin]),
        new("employee@jialing.demo", "职工 何丽", Jialing, [OrganizationRole.Employee]),
        new("admin@yanshan-cattle.demo", "合作社管理员 杨建华", YanshanCooperative, [OrganizationRole.SupplierAdmin]),
        new("staff@yanshan-cattle.demo", "合作社员工 李春", YanshanCooperative, [OrganizationRole.SupplierStaff]),
        new("admin@luxi-pear.demo", "果业管理员 张丽萍", LuxiPearFirm, [OrganizationRole.SupplierAdmin]),
        new("staff@luxi-pear.demo", "果业员工 马文", LuxiPearFirm, [OrganizationRole.SupplierStaff]),
        new("admin@hotan-jujube.demo", "合作社管理员 艾力·买买提", HotanJujubeCooperative, [OrganizationRole.SupplierAdmin]),
        new("admin@aksu-orchard.demo", "果业管理员 古丽娜尔·吐尔逊", AksuOrchardFirm, [OrganizationRole.SupplierAdmin]),
        new("admin@shufu-uniform.demo", "服饰管理员 阿不都热合曼", ShufuUniformFirm, [OrganizationRole.SupplierAdmin]),
        new("admin@nyingchi-barley.demo", "合作社管理员 次仁卓玛", NyingchiBarleyCooperative, [OrganizationRole.SupplierAdmin]),
        new("admin@shigatse-yak.demo", "食品管理员 扎西平措", ShigatseYakFirm, [OrganizationRole.SupplierAdmin]),
        new("public@example.com", "社会公众 吴晓", null, []),
    ];

    public static DemoAccount ByEmail(string email) => All.Single(a => a.Email == email);

    /// <summary>Adds the demo suppliers and users that are missing; returns how many users it added.</summary>
    public static async Task<int> SeedAsync(
        MarketplaceDbContext db, OrganizationTree tree, UserManager<MarketplaceUser> users, TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        foreach (var (name, shortName) in Suppliers)
        {
            if (!await db.Organizations.AnyAsync(o => o.Kind == OrganizationKind.Supplier && o.Name == name, cancellationToken))
            {
                await tree.AddSupplierAsync(name, shortName, cancellationToken);
            }
        }

        var group = await tree.EnsureGroupAsync(cancellationToken);
        var added = 0;
        foreach (var account in All)
        {
            if (await users.FindByEmailAsync(account.Email) is not null)
            {
                continue;
            }

            var organization = account.Roles.Contains(OrganizationRole.Operator)
                ? group
                : account.Organization is { } name
                    ? await db.Organizations.FirstOrDefaultAsync(o => o.Name == name && o.Kind != OrganizationKind.Group, cancellationToken)
                    : null;
            if (account.Roles.Count > 0 && organization is null)
            {
                continue;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var user = new MarketplaceUser
            {
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                DisplayName = account.DisplayName,
                CreatedAt = now,
            };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"The demo user {account.Email} was refused: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }

            if (organization is not null)
            {
                db.Memberships.Add(Membership.Create(user.Id, organization, account.Roles, now));
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            added++;
        }

        return added;
    }
}
