using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>The demo suppliers and listings: certified suppliers in every region, published listings from each, seeded once.</summary>
public sealed class DemoListingsTests
{
    [Test]
    public async Task Two_starts_seed_the_same_suppliers_and_listings_with_published_ones_in_every_region()
    {
        var folder = Directory.CreateTempSubdirectory("marketplace-web-tests-").FullName;
        try
        {
            Counts first;
            await using (var factory = new MarketplaceWebFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = folder, ["DemoData:Enabled"] = "true" }))
            {
                first = await CountAsync(factory);
            }

            await using var restarted = new MarketplaceWebFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = folder, ["DemoData:Enabled"] = "true" });
            var second = await CountAsync(restarted);

            Assert.That(second, Is.EqualTo(first));
            Assert.Multiple(() =>
            {
                Assert.That(first.Suppliers, Is.EqualTo(DemoAccounts.Suppliers.Count));
                Assert.That(first.CertifiedSuppliers, Is.EqualTo(DemoSuppliers.All.Count));
                Assert.That(first.Linkages, Is.EqualTo(DemoSuppliers.All.Count));
                Assert.That(first.Listings, Is.EqualTo(DemoListings.All.Count));
                Assert.That(first.Skus, Is.EqualTo(DemoListings.All.Sum(l => l.Skus.Count)));
                Assert.That(first.PublishedByRegion.Keys, Is.EquivalentTo(new[] { AssistedRegion.YunnanDesignated, AssistedRegion.Xinjiang, AssistedRegion.Tibet }));
                Assert.That(first.PublishedCounties, Is.SupersetOf(new[] { CountySeed.Yanshan, CountySeed.Luxi }));
                Assert.That(first.Submitted, Is.EqualTo(3));
                Assert.That(first.Rejected, Is.EqualTo(1));
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Demo_listings_are_what_buyers_expect_uniforms_with_sizes_tiers_made_to_order_coats_images_and_a_price_raise_in_review()
    {
        await using var factory = new MarketplaceWebFactory(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true" });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var listings = await db.Listings.Include(l => l.Skus).AsNoTracking().ToListAsync();

        var coat = listings.Single(l => l.ProductCode == "SF-WINTER-COAT");
        var paste = listings.Single(l => l.ProductCode == "LX-PEAR-PASTE");
        var rejected = listings.Single(l => l.Status == ListingStatus.Rejected);
        Assert.Multiple(async () =>
        {
            Assert.That(coat.Status, Is.EqualTo(ListingStatus.Published));
            Assert.That(coat.Skus.OrderBy(s => s.Position).Select(s => s.GarmentSize), Is.EqualTo(new[] { "160/80A", "165/84A", "170/88A", "175/92A", "180/96A", "185/100A" }));
            Assert.That(coat.Skus, Has.All.Matches<ListingSku>(s => s.VolumeTiers.Count == 2 && s.BoxSize == "20 件/箱"));
            Assert.That(coat.Skus, Has.All.Matches<ListingSku>(s => s.IsMadeToOrder && s.LeadTimeDays == DemoListings.WinterCoatLeadTimeDays), "sewn for each order");
            Assert.That(listings.Where(l => l.Name.Contains("文山牛肉") || l.Name.Contains("高原梨")).Select(l => l.Status), Has.Some.EqualTo(ListingStatus.Published));
            Assert.That(paste.Status, Is.EqualTo(ListingStatus.Submitted));
            var raised = paste.Skus.Single(s => s.Code == "250G");
            Assert.That(raised.PriceFen, Is.EqualTo(raised.ApprovedPriceFen * (100 + DemoListings.RaisePercent) / 100));
            Assert.That(rejected.RejectionReason, Is.EqualTo(DemoListings.RejectionReason));
            Assert.That(listings.Where(l => l.IsPublished), Has.All.Matches<Listing>(l => l.CoverImageId is not null && l.MinPriceFen > 0));
            var cover = await db.ListingImages.AsNoTracking().FirstAsync(i => i.Id == coat.CoverImageId);
            Assert.That(cover.Display.Take(3), Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }), "a JPEG");
            Assert.That(cover.Thumbnail.Length, Is.LessThan(cover.Display.Length));
        });
    }

    private sealed record Counts(
        int Suppliers, int CertifiedSuppliers, int Linkages, int Listings, int Skus, int Images, int Submitted, int Rejected, int Users,
        IReadOnlyDictionary<AssistedRegion, int> PublishedByRegion, IReadOnlyList<string> PublishedCounties)
    {
        public bool Equals(Counts? other) => other is not null && (Suppliers, CertifiedSuppliers, Linkages, Listings, Skus, Images, Submitted, Rejected, Users)
            == (other.Suppliers, other.CertifiedSuppliers, other.Linkages, other.Listings, other.Skus, other.Images, other.Submitted, other.Rejected, other.Users)
            && PublishedByRegion.OrderBy(p => p.Key).SequenceEqual(other.PublishedByRegion.OrderBy(p => p.Key))
            && PublishedCounties.SequenceEqual(other.PublishedCounties);

        public override int GetHashCode() => HashCode.Combine(Suppliers, Listings, Skus, Images);
    }

    private static async Task<Counts> CountAsync(MarketplaceWebFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var today = ChinaCalendar.DateOf(DateTime.UtcNow);
        var published = await (
            from l in db.Listings
            join c in db.Counties on l.CountyCode equals c.Code
            where l.Status == ListingStatus.Published
            select new { c.Region, c.Code }).ToListAsync();
        return new Counts(
            await db.Organizations.CountAsync(o => o.Kind == OrganizationKind.Supplier),
            await db.SupplierApplications.CountAsync(a => a.Status == CertificationStatus.Active && a.ValidFrom <= today && a.ValidTo >= today),
            await db.BenefitLinkages.CountAsync(),
            await db.Listings.CountAsync(),
            await db.ListingSkus.CountAsync(),
            await db.ListingImages.CountAsync(),
            await db.Listings.CountAsync(l => l.Status == ListingStatus.Submitted),
            await db.Listings.CountAsync(l => l.Status == ListingStatus.Rejected),
            await db.Users.CountAsync(),
            published.GroupBy(p => p.Region).ToDictionary(g => g.Key, g => g.Count()),
            [.. published.Select(p => p.Code).Distinct().Order()]);
    }
}
