using Marketplace.Core.Accounts;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Tests.Catalog;

/// <summary>
/// Storefront test data written through the domain and the DbContext, on either database: certified suppliers in
/// 砚山县, 泸西县 and 和田县, one whose certification has expired, and listings in every status. Shared by the SQLite
/// and the PostgreSQL tests.
/// </summary>
internal sealed class StorefrontSeed
{
    public const string PearPng = "pear-display-bytes";
    public const string PearThumbnail = "pear-thumbnail-bytes";

    private static int _generated;

    private readonly Dictionary<string, Guid> _listings = [];

    private StorefrontSeed()
    {
    }

    public Guid Yanshan { get; private set; }

    public Guid Luxi { get; private set; }

    public Guid Hotan { get; private set; }

    public Guid Expired { get; private set; }

    /// <summary>The 高原梨 cover image (thumbnail and display), on a published listing.</summary>
    public (Guid Id, string Hash) PearImage { get; private set; }

    /// <summary>An image of the unlisted listing: never served.</summary>
    public (Guid Id, string Hash) UnlistedImage { get; private set; }

    /// <summary>Every listing by a short name: visible ones and the ones in other states.</summary>
    public Guid this[string key] => _listings[key];

    public IReadOnlyDictionary<string, Guid> Listings => _listings;

    public static readonly string[] VisibleKeys = ["beefJerky", "beef5kg", "chili", "pear5kg", "pear10kg", "honey100", "honey1000", "yam", "dates", "walnuts"];

    public static readonly string[] HiddenKeys = ["draft", "submitted", "rejected", "approvedOnly", "unlisted", "expiredSupplier"];

    public static async Task<StorefrontSeed> CreateAsync(MarketplaceDbContext db)
    {
        var seed = new StorefrontSeed();
        var now = DateTime.UtcNow;
        var today = ChinaCalendar.DateOf(now);
        var user = new MarketplaceUser { UserName = $"seed-{Guid.NewGuid():N}@example.com", Email = $"seed-{Guid.NewGuid():N}@example.com", CreatedAt = now };
        db.Users.Add(user);
        await db.SaveChangesAsync();

        seed.Yanshan = await SupplierAsync(db, "砚山县测试养牛合作社", CountySeed.Yanshan, today.AddYears(-1), today.AddYears(1), user.Id, 312, now);
        seed.Luxi = await SupplierAsync(db, "泸西测试果业公司", CountySeed.Luxi, today.AddYears(-1), today.AddYears(1), user.Id, 458, now);
        seed.Hotan = await SupplierAsync(db, "和田测试枣业合作社", "653221", today, today.AddMonths(1), user.Id, 90, now);
        seed.Expired = await SupplierAsync(db, "过期测试农场", CountySeed.Luxi, today.AddYears(-2), today.AddDays(-1), user.Id, 10, now);

        var published = now.AddHours(-2);
        var suppliers = await db.Organizations.Where(o => o.Kind == OrganizationKind.Supplier).ToDictionaryAsync(o => o.Id);
        Listing Add(string key, Guid supplierId, string county, string name, string? brand, ProductCategory category, params SkuDraft[] skus)
        {
            published = published.AddMinutes(1);
            var listing = Listing.Create(suppliers[supplierId], county, new ListingDetails(
                $"P-{seed._listings.Count + 1:000}", name, brand, category, $"{name}，产地直供。", 1, category == ProductCategory.Uniforms ? null : 180, "全国（港澳台除外）"), skus, published);
            seed._listings[key] = listing.Id;
            db.Listings.Add(listing);
            return listing;
        }

        void Publish(Listing listing)
        {
            listing.Submit(publishOnApproval: true, autoApprove: false, published);
            listing.Approve(null, published);
        }

        Publish(Add("beefJerky", seed.Yanshan, CountySeed.Yanshan, "文山牛肉干 麻辣味", "文山牛", ProductCategory.SpecialtyFoods,
            Sku("JERKY-250", "250g 袋装", 6800, 5800, 100, new VolumeTier(20, 6300), new VolumeTier(100, 6000)),
            Sku("JERKY-500", "500g 袋装", 12800, 11000, 3)));
        Publish(Add("beef5kg", seed.Yanshan, CountySeed.Yanshan, "文山黄牛肉 鲜切 5kg", "文山牛", ProductCategory.Meat, Sku("BEEF-5", "5kg 冷链箱", 29800, 26000, 5)));
        Publish(Add("chili", seed.Yanshan, CountySeed.Yanshan, "砚山辣椒", null, ProductCategory.Vegetables, Sku("CHILI-1", "1kg", 1800, null, 0)));
        var pear = Add("pear5kg", seed.Luxi, CountySeed.Luxi, "高原梨 5kg", "高原梨", ProductCategory.Fruit, Sku("PEAR-5", "5kg 家庭装", 6800, 6000, 50));
        Publish(pear);
        Publish(Add("pear10kg", seed.Luxi, CountySeed.Luxi, "高原梨 10kg 礼盒", "高原梨", ProductCategory.Fruit, Sku("PEAR-10", "10kg 礼盒", 12800, 11800, 20)));
        Publish(Add("honey100", seed.Luxi, CountySeed.Luxi, "蜂蜜 100%纯", null, ProductCategory.SpecialtyFoods, Sku("HONEY-A", "500g 瓶装", 4500, null, 30)));
        Publish(Add("honey1000", seed.Luxi, CountySeed.Luxi, "蜂蜜 1000g", null, ProductCategory.SpecialtyFoods, Sku("HONEY-B", "1000g 瓶装", 8800, null, 30)));
        Publish(Add("yam", seed.Luxi, CountySeed.Luxi, "山药_特级", null, ProductCategory.Vegetables, Sku("YAM-2", "2kg", 3900, 3500, 12)));
        Publish(Add("dates", seed.Hotan, "653221", "和田红枣 特级", "和田玉枣", ProductCategory.DriedFruitAndNuts, Sku("DATE-1", "1kg", 6800, 6500, 40)));
        Publish(Add("walnuts", seed.Hotan, "653221", "和田薄皮核桃", "和田玉枣", ProductCategory.DriedFruitAndNuts, Sku("WAL-1", "1kg", 3900, null, 40)));

        Add("draft", seed.Yanshan, CountySeed.Yanshan, "文山牛肉 草稿", "文山牛", ProductCategory.Meat, Sku("D-1", "1kg", 5000, null, 10));
        Add("submitted", seed.Yanshan, CountySeed.Yanshan, "文山牛肉 待审", "文山牛", ProductCategory.Meat, Sku("S-1", "1kg", 5000, null, 10))
            .Submit(publishOnApproval: true, autoApprove: false, published);
        var rejected = Add("rejected", seed.Luxi, CountySeed.Luxi, "高原梨 驳回", "高原梨", ProductCategory.Fruit, Sku("R-1", "1kg", 5000, null, 10));
        rejected.Submit(publishOnApproval: true, autoApprove: false, published);
        rejected.Reject("图片不清晰", user.Id, published);
        var approvedOnly = Add("approvedOnly", seed.Luxi, CountySeed.Luxi, "高原梨 未上架", "高原梨", ProductCategory.Fruit, Sku("A-1", "1kg", 5000, null, 10));
        approvedOnly.Submit(publishOnApproval: false, autoApprove: false, published);
        approvedOnly.Approve(user.Id, published);
        var unlisted = Add("unlisted", seed.Luxi, CountySeed.Luxi, "高原梨 已下架", "高原梨", ProductCategory.Fruit, Sku("U-1", "1kg", 5000, null, 10));
        Publish(unlisted);
        unlisted.Unlist(published);
        Publish(Add("expiredSupplier", seed.Expired, CountySeed.Luxi, "高原梨 过期供应商", "高原梨", ProductCategory.Fruit, Sku("E-1", "1kg", 5000, null, 10)));

        var pearImage = Image(pear.Id, PearPng, PearThumbnail, now);
        var unlistedImage = Image(unlisted.Id, "unlisted-display", "unlisted-thumbnail", now);
        db.ListingImages.AddRange(pearImage, unlistedImage);
        pear.SetCoverImage(pearImage.Id, now);
        unlisted.SetCoverImage(unlistedImage.Id, now);
        seed.PearImage = (pearImage.Id, pearImage.Hash);
        seed.UnlistedImage = (unlistedImage.Id, unlistedImage.Hash);
        await db.SaveChangesAsync();

        // Ordering adds to sold_quantity; nothing else writes it. Two listings tie on purpose.
        foreach (var (key, sold) in new[] { ("beefJerky", 120L), ("pear5kg", 300L), ("dates", 120L), ("walnuts", 7L) })
        {
            var id = seed[key];
            await db.Listings.Where(l => l.Id == id).ExecuteUpdateAsync(u => u.SetProperty(l => l.SoldQuantity, sold));
        }

        return seed;
    }

    public static async Task SuspendAsync(MarketplaceDbContext db, Guid supplierId)
    {
        var application = await db.SupplierApplications.SingleAsync(a => a.OrganizationId == supplierId);
        application.Suspend("抽检不合格", application.ApplicantUserId, DateTime.UtcNow);
        await db.SaveChangesAsync();
    }

    public static async Task ReinstateAsync(MarketplaceDbContext db, Guid supplierId)
    {
        var application = await db.SupplierApplications.SingleAsync(a => a.OrganizationId == supplierId);
        application.Reinstate(application.ApplicantUserId, DateTime.UtcNow);
        await db.SaveChangesAsync();
    }

    /// <summary>The visible listings as the rules define them, read with EF Core: published, and the supplier certified today.</summary>
    public static async Task<List<Listing>> VisibleAsync(MarketplaceDbContext db)
    {
        var today = ChinaCalendar.DateOf(DateTime.UtcNow);
        var applications = await db.SupplierApplications.AsNoTracking().ToListAsync();
        var certified = applications.Where(a => a.IsCertifiedOn(today)).Select(a => a.OrganizationId).ToHashSet();
        var listings = await db.Listings.AsNoTracking().Include(l => l.Skus).Where(l => l.Status == ListingStatus.Published).ToListAsync();
        return [.. listings.Where(l => certified.Contains(l.SupplierId))];
    }

    /// <summary>The storefront's order for <paramref name="sort"/>; ids compare as both databases compare them (hex digits in order).</summary>
    public static List<Listing> Ordered(IEnumerable<Listing> listings, ProductSort sort)
    {
        static string Key(Listing l) => l.Id.ToString().ToUpperInvariant();
        return [.. sort switch
        {
            ProductSort.PriceAscending => listings.OrderBy(l => l.MinPriceFen).ThenBy(Key, StringComparer.Ordinal),
            ProductSort.PriceDescending => listings.OrderByDescending(l => l.MinPriceFen).ThenByDescending(Key, StringComparer.Ordinal),
            ProductSort.BestSelling => listings.OrderByDescending(l => l.SoldQuantity).ThenByDescending(Key, StringComparer.Ordinal),
            _ => listings.OrderByDescending(l => l.FirstPublishedAt).ThenByDescending(Key, StringComparer.Ordinal),
        }];
    }

    /// <summary>Adds published listings of one SKU each by a certified supplier, one minute apart, newest last.</summary>
    public static async Task<List<Guid>> PublishedAsync(MarketplaceDbContext db, Guid supplierId, string county, IReadOnlyList<string> names, DateTime from)
    {
        var supplier = await db.Organizations.SingleAsync(o => o.Id == supplierId);
        var ids = new List<Guid>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var at = from.AddMinutes(i);
            var listing = Listing.Create(supplier, county, new ListingDetails(
                $"G-{Interlocked.Increment(ref _generated):D7}", names[i], null, ProductCategory.SpecialtyFoods, $"{names[i]}，产地直供。", 1, 180, "全国（港澳台除外）"),
                [Sku($"G-{i}", "500g", 1000 + i, null, 10)], at);
            listing.Submit(publishOnApproval: true, autoApprove: false, at);
            listing.Approve(null, at);
            db.Listings.Add(listing);
            ids.Add(listing.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static async Task<Guid> SupplierAsync(
        MarketplaceDbContext db, string name, string county, DateOnly validFrom, DateOnly validTo, Guid user, int households, DateTime now)
    {
        var supplier = Organization.CreateSupplier(name, null, now);
        db.Organizations.Add(supplier);
        var first17 = string.Concat(Enumerable.Range(0, 17).Select(_ => (char)('0' + Random.Shared.Next(10))));
        var application = SupplierApplication.Create(
            supplier, SupplierType.Cooperative, county, first17 + UnifiedSocialCreditCodes.CheckCharacter(first17), "联系人", "0876-3121234", "seed@example.com", user, now);
        application.Approve(validFrom, validTo, user, now);
        db.SupplierApplications.Add(application);
        db.BenefitLinkages.Add(BenefitLinkage.Declare(
            supplier.Id, BenefitMechanism.CooperativeAndHouseholds, "党总支+合作社+农户", households, households * 4, households / 4, households / 10,
            validFrom, user, now));
        await db.SaveChangesAsync();
        return supplier.Id;
    }

    private static SkuDraft Sku(string code, string spec, long price, long? reference, int stock, params VolumeTier[] tiers) =>
        new(code, spec, spec.Contains("kg", StringComparison.Ordinal) ? 1000 : 500, null, null, price, reference, stock, tiers);

    private static ListingImage Image(Guid listingId, string display, string thumbnail, DateTime now) =>
        new(listingId, 0, "image/png", 800, 600, System.Text.Encoding.UTF8.GetBytes(display), System.Text.Encoding.UTF8.GetBytes(thumbnail),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(display)))[..ListingImage.HashLength], now);
}
