using Marketplace.Core.Campaigns;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Campaigns;

/// <summary>
/// Which campaign an order came through. The link /c/{code} remembers the campaign in a cookie; at checkout a code
/// given explicitly must name a running campaign (or the order is refused), while a remembered one that has ended
/// or does not fit the order is simply dropped — the buyer did nothing wrong.
/// </summary>
public sealed class CampaignAttribution(MarketplaceDbContext db, TimeProvider clock)
{
    public const string CookieName = "mp_campaign";

    /// <summary>The campaign running today under <paramref name="code"/> (any case); null for an unknown, ended or not yet started one.</summary>
    public async Task<Campaign?> RunningAsync(string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || !Campaign.CodePattern().IsMatch(code.Trim()))
        {
            return null;
        }

        var normalized = Campaign.Normalize(code);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.NormalizedCode == normalized, cancellationToken);
        return campaign is not null && campaign.IsActiveOn(ChinaCalendar.Today(clock)) ? campaign : null;
    }

    /// <summary>
    /// The code the order records (the campaign's own spelling), or none; <c>Refused</c> when an explicit code names no
    /// running campaign or the order cannot carry one (a unit's order, or one paid from an allowance).
    /// </summary>
    public async Task<(string? Code, bool Refused)> ForOrderAsync(string? explicitCode, HttpContext context, OrderBuyer buyer, FundingSource funding, CancellationToken cancellationToken)
    {
        var carries = Campaign.CanCarry(buyer.Channel, funding);
        if (!string.IsNullOrWhiteSpace(explicitCode))
        {
            var named = carries ? await RunningAsync(explicitCode, cancellationToken) : null;
            return named is null ? (null, true) : (named.Code, false);
        }

        if (!carries || !context.Request.Cookies.TryGetValue(CookieName, out var remembered))
        {
            return (null, false);
        }

        return ((await RunningAsync(remembered, cancellationToken))?.Code, false);
    }

    /// <summary>The campaign remembered by this browser and still running, for checkout to show.</summary>
    public async Task<Campaign?> RememberedAsync(HttpContext context, CancellationToken cancellationToken) =>
        context.Request.Cookies.TryGetValue(CookieName, out var code) ? await RunningAsync(code, cancellationToken) : null;

    public static void Remember(HttpContext context, Campaign campaign) =>
        context.Response.Cookies.Append(CookieName, campaign.Code, new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(campaign.CookieDays),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
}
