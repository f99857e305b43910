using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Welfare;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Welfare;

public sealed record WelfareCountyName(string Code, string Name);

/// <summary>A storefront search for what an allowance buys: one place (county or region) and/or one category.</summary>
public sealed record ShopLink(string Url, string? CountyCode, AssistedRegion? Region, ProductCategory? Category);

public sealed record WelfareEntryResponse(Guid Id, WelfareEntryKind Kind, long AmountFen, Guid? OrderId, DateTime At);

public sealed record WalletResponse(
    Guid WalletId, Guid ProgrammeId, string ProgrammeName, string UnitName, long BalanceFen, DateOnly ValidFrom, DateOnly ValidUntil,
    bool Spendable, IReadOnlyList<WelfareCountyName> Counties, IReadOnlyList<AssistedRegion> Regions, IReadOnlyList<ProductCategory> Categories,
    IReadOnlyList<ShopLink> ShopLinks, IReadOnlyList<WelfareEntryResponse> RecentEntries);

public sealed record MyWelfareResponse(long SpendableFen, IReadOnlyList<WalletResponse> Wallets);

/// <summary>我的福利: the signed-in user's own wallets, never anyone else's: every query is by the caller's user id.</summary>
public sealed class MyWelfare(MarketplaceDbContext db, TimeProvider clock)
{
    public const int RecentEntries = 20;
    public const int MaxLedgerEntries = 500;

    public async Task<MyWelfareResponse> WalletsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var rows = await db.WelfareWallets.AsNoTracking().Where(w => w.UserId == userId)
            .Join(db.WelfareProgrammes, w => w.ProgrammeId, p => p.Id, (w, p) => new { Wallet = w, Programme = p })
            .Join(db.Organizations, x => x.Programme.UnitId, o => o.Id, (x, o) => new { x.Wallet, x.Programme, UnitName = o.Name })
            .ToListAsync(cancellationToken);
        var walletIds = rows.Select(r => r.Wallet.Id).ToList();
        var entries = await db.WelfareLedgerEntries.AsNoTracking().Where(e => walletIds.Contains(e.WalletId)).ToListAsync(cancellationToken);
        var codes = rows.SelectMany(r => r.Programme.Eligibility.CountyCodes).Distinct().ToList();
        var names = await db.Counties.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var wallets = rows
            .OrderByDescending(r => r.Wallet.BalanceFen > 0 && r.Wallet.ExpiresAt > now).ThenBy(r => r.Wallet.ExpiresAt)
            .Select(r =>
            {
                var eligibility = r.Programme.Eligibility;
                return new WalletResponse(
                    r.Wallet.Id, r.Programme.Id, r.Programme.Name, r.UnitName, r.Wallet.BalanceFen, r.Programme.ValidFrom, r.Programme.ValidUntil,
                    r.Wallet.BalanceFen > 0 && r.Wallet.StartsAt <= now && now < r.Wallet.ExpiresAt,
                    [.. eligibility.CountyCodes.Select(c => new WelfareCountyName(c, names.GetValueOrDefault(c, c)))], eligibility.Regions, eligibility.Categories,
                    ShopLinks(eligibility),
                    [.. entries.Where(e => e.WalletId == r.Wallet.Id).OrderByDescending(e => e.Id).Take(RecentEntries).Select(Entry)]);
            }).ToList();
        return new MyWelfareResponse(wallets.Where(w => w.Spendable).Sum(w => w.BalanceFen), wallets);
    }

    /// <summary>The whole ledger of one of the user's wallets, newest first; null when the wallet is not theirs.</summary>
    public async Task<IReadOnlyList<WelfareEntryResponse>?> LedgerAsync(Guid userId, Guid walletId, CancellationToken cancellationToken = default)
    {
        if (!await db.WelfareWallets.AnyAsync(w => w.Id == walletId && w.UserId == userId, cancellationToken))
        {
            return null;
        }

        var entries = await db.WelfareLedgerEntries.AsNoTracking().Where(e => e.WalletId == walletId && e.UserId == userId)
            .OrderByDescending(e => e.At).Take(MaxLedgerEntries).ToListAsync(cancellationToken);
        return [.. entries.OrderByDescending(e => e.Id).Select(Entry)];
    }

    /// <summary>The storefront filters by one place and one category at a time, so each pair is one link.</summary>
    public static IReadOnlyList<ShopLink> ShopLinks(WelfareEligibility eligibility)
    {
        var places = eligibility.CountyCodes.Select(c => (County: (string?)c, Region: (AssistedRegion?)null))
            .Concat(eligibility.Regions.Select(r => (County: (string?)null, Region: (AssistedRegion?)r))).ToList();
        if (places.Count == 0)
        {
            places.Add((null, null));
        }

        var categories = eligibility.Categories.Select(c => (ProductCategory?)c).DefaultIfEmpty(null).ToList();
        return [.. places.SelectMany(p => categories.Select(c =>
        {
            var query = new Dictionary<string, string?>();
            if (p.County is { } county)
            {
                query["county"] = county;
            }

            if (p.Region is { } region)
            {
                query["region"] = region.ToString();
            }

            if (c is { } category)
            {
                query["category"] = category.ToString();
            }

            return new ShopLink(QueryHelpers.AddQueryString("/products", query), p.County, p.Region, c);
        }))];
    }

    private static WelfareEntryResponse Entry(WelfareLedgerEntry e) => new(e.Id, e.Kind, e.AmountFen, e.OrderId, e.At);
}
