using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.WelfareCampaigns;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.WelfareCampaigns;

public sealed record WelfareCampaignItemView(Guid SkuId, string ProductName, string Spec, long PriceFen, string SupplierName);

/// <summary>A campaign as its unit's admins see it: with how many of the unit's people have chosen.</summary>
public sealed record WelfareCampaignResponse(
    Guid Id, string Name, long AllowanceFen, DateTime Deadline, string DeliveryLabel, DeliveryAddress Delivery, LeftoverRule LeftoverRule,
    WelfareCampaignStatus Status, Guid? OrderId, DateTime? RemindedAt, IReadOnlyList<WelfareCampaignItemView> Items, int Employees, int Chosen);

public sealed record MyChoiceItem(Guid SkuId, int Quantity, long PriceFen);

/// <summary>A campaign as an employee sees it: the selection, their allowance and their own choice.</summary>
public sealed record MyWelfareCampaign(
    Guid Id, string Name, long AllowanceFen, DateTime Deadline, string DeliveryLabel, LeftoverRule LeftoverRule, bool CanChoose,
    IReadOnlyList<WelfareCampaignItemView> Items, IReadOnlyList<MyChoiceItem> Choice, long ChosenFen);

/// <summary>Reads of campaigns for the unit's managers and for its employees.</summary>
public sealed class WelfareCampaignViews(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<WelfareCampaignResponse>> ListAsync(Guid unitId, CancellationToken cancellationToken)
    {
        var campaigns = await db.WelfareCampaigns.AsNoTracking().Where(c => c.UnitId == unitId).OrderByDescending(c => c.CreatedAt).ToListAsync(cancellationToken);
        var result = new List<WelfareCampaignResponse>();
        foreach (var campaign in campaigns)
        {
            result.Add(await ResponseAsync(campaign, cancellationToken));
        }

        return result;
    }

    public async Task<WelfareCampaignResponse?> FindAsync(Guid unitId, Guid campaignId, CancellationToken cancellationToken) =>
        await db.WelfareCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId && c.UnitId == unitId, cancellationToken) is { } campaign
            ? await ResponseAsync(campaign, cancellationToken)
            : null;

    /// <summary>The unit's campaigns still open or closed within the last 30 days, for one employee.</summary>
    public async Task<IReadOnlyList<MyWelfareCampaign>> MineAsync(Guid unitId, Guid userId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var campaigns = await db.WelfareCampaigns.AsNoTracking().Where(c => c.UnitId == unitId && c.Deadline >= since)
            .OrderBy(c => c.Deadline).ToListAsync(cancellationToken);
        var result = new List<MyWelfareCampaign>();
        foreach (var campaign in campaigns)
        {
            result.Add(await MineAsync(campaign, userId, cancellationToken));
        }

        return result;
    }

    public async Task<MyWelfareCampaign?> MineAsync(Guid unitId, Guid userId, Guid campaignId, CancellationToken cancellationToken) =>
        await db.WelfareCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId && c.UnitId == unitId, cancellationToken) is { } campaign
            ? await MineAsync(campaign, userId, cancellationToken)
            : null;

    /// <summary>The unit's people who have not chosen yet: user id, name and e-mail.</summary>
    public async Task<IReadOnlyList<(Guid UserId, string Name, string? Email)>> NotChosenAsync(WelfareCampaign campaign, CancellationToken cancellationToken)
    {
        var chosen = db.WelfareChoices.Where(c => c.CampaignId == campaign.Id).Select(c => c.UserId);
        return (await (from m in db.Memberships
                       join u in db.Users on m.UserId equals u.Id
                       where m.OrganizationId == campaign.UnitId && !chosen.Contains(m.UserId)
                       orderby u.DisplayName
                       select new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken))
            .Select(x => (x.Id, x.DisplayName, (string?)x.Email)).ToList();
    }

    private async Task<MyWelfareCampaign> MineAsync(WelfareCampaign campaign, Guid userId, CancellationToken cancellationToken)
    {
        var choice = await db.WelfareChoices.AsNoTracking().Where(c => c.CampaignId == campaign.Id && c.UserId == userId)
            .Select(c => new MyChoiceItem(c.SkuId, c.Quantity, c.PriceFen)).ToListAsync(cancellationToken);
        return new(
            campaign.Id, campaign.Name, campaign.AllowanceFen, campaign.Deadline, campaign.DeliveryLabel, campaign.LeftoverRule,
            campaign.IsOpenAt(clock.GetUtcNow().UtcDateTime), await ItemsAsync(campaign, cancellationToken), choice, choice.Sum(c => c.PriceFen * c.Quantity));
    }

    private async Task<WelfareCampaignResponse> ResponseAsync(WelfareCampaign campaign, CancellationToken cancellationToken)
    {
        var employees = await db.Memberships.CountAsync(m => m.OrganizationId == campaign.UnitId, cancellationToken);
        var chosen = await db.WelfareChoices.Where(c => c.CampaignId == campaign.Id).Select(c => c.UserId).Distinct().CountAsync(cancellationToken);
        return new(
            campaign.Id, campaign.Name, campaign.AllowanceFen, campaign.Deadline, campaign.DeliveryLabel, campaign.Delivery, campaign.LeftoverRule,
            campaign.Status, campaign.OrderId, campaign.RemindedAt, await ItemsAsync(campaign, cancellationToken), employees, chosen);
    }

    private async Task<IReadOnlyList<WelfareCampaignItemView>> ItemsAsync(WelfareCampaign campaign, CancellationToken cancellationToken)
    {
        var skuIds = campaign.Items.Select(i => i.SkuId).ToList();
        var rows = await (from s in db.ListingSkus
                          join l in db.Listings.IgnoreAutoIncludes() on s.ListingId equals l.Id
                          join o in db.Organizations on l.SupplierId equals o.Id
                          where skuIds.Contains(s.Id)
                          select new WelfareCampaignItemView(s.Id, l.Name, s.Spec, s.PriceFen, o.Name)).ToListAsync(cancellationToken);
        var position = campaign.Items.ToDictionary(i => i.SkuId, i => i.Position);
        return [.. rows.OrderBy(r => position[r.SkuId])];
    }
}
