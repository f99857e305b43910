using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// Demo data for the embedded default: the group and the member units that the source report names
/// (长安汽车, 嘉陵特装, 南方资产, 财务公司, 人力资源开发中心), two of them with a sub-unit to show the tree.
/// Seeded into an empty tree only, so a second start (or a unit renamed since) adds nothing.
/// </summary>
public static class DemoOrganizations
{
    /// <summary>Each unit with its short English name and its sub-units.</summary>
    public static readonly IReadOnlyList<DemoUnit> Units =
    [
        new("长安汽车", "Changan Auto", [new("长安汽车工会", "Changan Union", [])]),
        new("嘉陵特装", "Jialing", [new("嘉陵特装职工食堂", "Jialing Canteen", [])]),
        new("南方资产", "South Assets", []),
        new("财务公司", "Finance Co.", []),
        new("人力资源开发中心", "HR Centre", []),
    ];

    /// <summary>Returns the number of organizations it added: 0 when the tree already has member units.</summary>
    public static async Task<int> SeedAsync(MarketplaceDbContext db, OrganizationTree tree, CancellationToken cancellationToken = default)
    {
        if (await db.Organizations.AnyAsync(o => o.Kind == OrganizationKind.MemberUnit, cancellationToken))
        {
            return 0;
        }

        var added = await tree.FindGroupAsync(cancellationToken) is null ? 1 : 0;
        var group = await tree.EnsureGroupAsync(cancellationToken);
        return added + await AddAsync(tree, group.Id, Units, cancellationToken);
    }

    private static async Task<int> AddAsync(OrganizationTree tree, Guid parentId, IReadOnlyList<DemoUnit> units, CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var unit in units)
        {
            var organization = await tree.AddMemberUnitAsync(unit.Name, unit.ShortName, parentId, cancellationToken);
            added += 1 + await AddAsync(tree, organization.Id, unit.SubUnits, cancellationToken);
        }

        return added;
    }
}

public sealed record DemoUnit(string Name, string ShortName, IReadOnlyList<DemoUnit> SubUnits);
