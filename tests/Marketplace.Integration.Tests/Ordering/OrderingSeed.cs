using Marketplace.Core.Accounts;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>Buyers, a certified supplier and its published listings, stored through the domain as the product stores them.</summary>
internal static class OrderingSeed
{
    public const string Password = "integration-buyer-2026";

    private static int _creditCodes = Random.Shared.Next(1_000_000);

    /// <summary>Members of the public with confirmed emails who can sign in with <see cref="Password"/>.</summary>
    public static async Task<List<string>> BuyersAsync(this IMarketplaceDatabase database, int count)
    {
        await using var db = database.Context();
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            emails.Add(SignsIn(db, NewUser("buyer", $"买家{i}")).Email!);
        }

        await db.SaveChangesAsync();
        return emails;
    }

    /// <summary>
    /// A member unit of the group (made if there is none) with one member per entry of <paramref name="roles"/>, holding
    /// those roles there and signing in with <see cref="Password"/>; returns the unit and the members' emails in that order.
    /// </summary>
    public static async Task<(Guid UnitId, List<string> Emails)> UnitAsync(this IMarketplaceDatabase database, string name, params OrganizationRole[][] roles)
    {
        await using var db = database.Context();
        var now = DateTime.UtcNow;
        var group = await db.Organizations.SingleOrDefaultAsync(o => o.Kind == OrganizationKind.Group);
        if (group is null)
        {
            group = Organization.CreateGroup("中国兵器装备集团有限公司", "兵装集团", now);
            db.Organizations.Add(group);
        }

        var unit = Organization.CreateMemberUnit(name, null, group, now);
        db.Organizations.Add(unit);
        var emails = new List<string>();
        foreach (var held in roles)
        {
            var user = SignsIn(db, NewUser("member", string.Join("+", held)));
            db.Memberships.Add(Membership.Create(user.Id, unit, [OrganizationRole.Employee, .. held], now));
            emails.Add(user.Email!);
        }

        await db.SaveChangesAsync();
        return (unit.Id, emails);
    }

    /// <summary>The id of the supplier whose listing sells <paramref name="skuId"/>.</summary>
    public static async Task<Guid> SupplierOfAsync(this IMarketplaceDatabase database, Guid skuId)
    {
        await using var db = database.Context();
        return await db.ListingSkus.Where(s => s.Id == skuId).Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => l.SupplierId).SingleAsync();
    }

    private static MarketplaceUser SignsIn(MarketplaceDbContext db, MarketplaceUser user)
    {
        user.PasswordHash = new PasswordHasher<MarketplaceUser>().HashPassword(user, Password);
        db.Users.Add(user);
        return user;
    }

    /// <summary>A cooperative certified from yesterday for a year, and one published listing of it with the given SKUs; returns the SKU ids by code.</summary>
    public static async Task<Dictionary<string, Guid>> PublishedListingAsync(this IMarketplaceDatabase database, params (string Code, long PriceFen, int Stock)[] skus)
    {
        await using var db = database.Context();
        var now = DateTime.UtcNow;
        var applicant = NewUser("supplier", "杨建华");
        db.Users.Add(applicant);
        var supplier = Organization.CreateSupplier("砚山县鑫源养殖专业合作社" + Guid.NewGuid().ToString("N")[..6], null, now);
        db.Organizations.Add(supplier);
        var code = $"93532622{Interlocked.Increment(ref _creditCodes):D9}";
        var application = SupplierApplication.Create(
            supplier, SupplierType.Cooperative, CountySeed.Yanshan, code + UnifiedSocialCreditCodes.CheckCharacter(code), "杨建华", "0876-3121234",
            applicant.Email!, applicant.Id, now);
        var today = ChinaCalendar.DateOf(now);
        application.Approve(today.AddDays(-1), today.AddYears(1), applicant.Id, now);
        db.SupplierApplications.Add(application);

        var listing = Listing.Create(
            supplier, CountySeed.Yanshan,
            new ListingDetails("P" + Guid.NewGuid().ToString("N")[..8], "文山牛肉干", "砚山黄牛", ProductCategory.Meat, "", 1, 180, "全国"),
            [.. skus.Select(s => new SkuDraft(s.Code, s.Code + " 装", 250, null, null, s.PriceFen, null, s.Stock, []))],
            now);
        listing.Submit(publishOnApproval: true, autoApprove: true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Skus.ToDictionary(s => s.Code, s => s.Id);
    }

    private static MarketplaceUser NewUser(string role, string displayName)
    {
        var email = $"{role}-{Guid.NewGuid():N}@test.demo";
        return new MarketplaceUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            DisplayName = displayName,
            CreatedAt = DateTime.UtcNow,
        };
    }
}
