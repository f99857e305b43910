using Marketplace.Core.Accounts;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>Buyers, a certified supplier and its published listings, stored through the domain as the product stores them.</summary>
internal static class OrderingSeed
{
    public const string Password = "integration-buyer-2026";

    private static int _creditCodes = Random.Shared.Next(1_000_000);

    /// <summary>Members of the public with confirmed emails who can sign in with <see cref="Password"/>.</summary>
    public static async Task<List<string>> BuyersAsync(this PostgresDatabase database, int count)
    {
        await using var db = database.Context();
        var hasher = new PasswordHasher<MarketplaceUser>();
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var user = NewUser("buyer", $"买家{i}");
            user.PasswordHash = hasher.HashPassword(user, Password);
            db.Users.Add(user);
            emails.Add(user.Email!);
        }

        await db.SaveChangesAsync();
        return emails;
    }

    /// <summary>A cooperative certified from yesterday for a year, and one published listing of it with the given SKUs; returns the SKU ids by code.</summary>
    public static async Task<Dictionary<string, Guid>> PublishedListingAsync(this PostgresDatabase database, params (string Code, long PriceFen, int Stock)[] skus)
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
