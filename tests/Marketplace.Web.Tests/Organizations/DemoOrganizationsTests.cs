using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Web.Tests.Organizations;

/// <summary>The demo tree: the group and the units the source report names, seeded once, never in Production.</summary>
public sealed class DemoOrganizationsTests
{
    private static readonly string[] SeedUnits = ["长安汽车", "嘉陵特装", "南方资产", "财务公司", "人力资源开发中心"];

    [Test]
    public async Task Development_seeds_the_group_and_the_seed_units_once()
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-web-tests-").FullName;
        try
        {
            List<(string Name, OrganizationKind Kind, Guid? ParentId, Guid Id)> first;
            await using (var factory = new MarketplaceWebFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = folder }))
            {
                first = await OrganizationsAsync(factory);
                await using var scope = factory.Services.CreateAsyncScope();
                var again = await DemoOrganizations.SeedAsync(
                    scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>(), scope.ServiceProvider.GetRequiredService<OrganizationTree>());
                Assert.That(again, Is.Zero);
            }

            await using var restarted = new MarketplaceWebFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = folder });
            var second = await OrganizationsAsync(restarted);

            var group = first.Single(o => o.Kind == OrganizationKind.Group);
            Assert.Multiple(() =>
            {
                Assert.That(group.Name, Is.EqualTo("中国兵器装备集团"));
                Assert.That(first.Where(o => o.ParentId == group.Id).Select(o => o.Name), Is.EquivalentTo(SeedUnits));
                Assert.That(first.Single(o => o.Name == "长安汽车工会").ParentId, Is.EqualTo(first.Single(o => o.Name == "长安汽车").Id));
                Assert.That(first.Where(o => o.Kind != OrganizationKind.Supplier).ToList(), Has.Count.EqualTo(1 + SeedUnits.Length + 2));
                Assert.That(first.Where(o => o.Kind == OrganizationKind.Supplier).Select(o => o.Name),
                    Is.EquivalentTo(DemoAccounts.Suppliers.Select(s => s.Name)));
                Assert.That(second, Is.EquivalentTo(first));
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Production_never_seeds_even_when_enabled()
    {
        await using var factory = new MarketplaceWebFactory(new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["DemoData:Enabled"] = "true",
        });

        Assert.That(factory.Services.GetRequiredService<IHostEnvironment>().IsProduction(), Is.True);
        Assert.That(await OrganizationsAsync(factory), Is.Empty);
    }

    private static async Task<List<(string Name, OrganizationKind Kind, Guid? ParentId, Guid Id)>> OrganizationsAsync(MarketplaceWebFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>().Organizations
            .Select(o => new { o.Name, o.Kind, o.ParentId, o.Id }).ToListAsync();
        return [.. rows.Select(o => (o.Name, o.Kind, o.ParentId, o.Id))];
    }
}
