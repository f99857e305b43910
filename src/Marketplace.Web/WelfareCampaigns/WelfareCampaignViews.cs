using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.WelfareCampaigns;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.WelfareCampaigns;

public sealed record WelfareCampaignItemView(Guid SkuId, Guid ListingId, string ProductName, string Spec, long PriceFen, Guid SupplierId, string SupplierName, string? ThumbnailUrl);

/// <summary>A campaign as its unit's admins see it: with how many of the unit's people have chosen.</summary>
public sealed record WelfareCampaignResponse(
    Guid Id, string Name, long AllowanceFen, DateTime Deadline, string DeliveryLabel, DeliveryAddress Delivery, LeftoverRule LeftoverRule,
    WelfareCampaignStatus Status, Guid? OrderId, DateTime? RemindedAt, IReadOnlyList<WelfareCampaignItemView> Items, int Employees, int Chosen,
    Guid? ProgrammeId = null);

/// <summary>What the choices so far add up to at one supplier: the sub-order the campaign will place there.</summary>
public sealed record SupplierTotal(Guid SupplierId, string SupplierName, int Quantity, long AmountFen);

/// <summary>One person of the unit and what they chose so far (nothing: an empty list).</summary>
public sealed record PersonChoice(Guid UserId, string Name, string Department, IReadOnlyList<MyChoiceItem> Items)
{
    public long TotalFen => Items.Sum(i => i.PriceFen * i.Quantity);
}

public sealed record MyChoiceItem(Guid SkuId, int Quantity, long PriceFen);

/// <summary>A campaign as an employee sees it: the selection, their allowance and their own choice.</summary>
public sealed record MyWelfareCampaign(
    Guid Id, string Name, long AllowanceFen, DateTime Deadline, string DeliveryLabel, LeftoverRule LeftoverRule, bool CanChoose,
    IReadOnlyList<WelfareCampaignItemView> Items, IReadOnlyList<MyChoiceItem> Choice, long ChosenFen, Guid? ProgrammeId = null, string? Department = null)
{
    public long LeftFen => AllowanceFen - ChosenFen;
}

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
        return (await (from m in Employees(campaign.UnitId)
                       join u in db.Users on m.UserId equals u.Id
                       where !chosen.Contains(m.UserId)
                       orderby u.DisplayName
                       select new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken))
            .Select(x => (x.Id, x.DisplayName, (string?)x.Email)).ToList();
    }

    private async Task<MyWelfareCampaign> MineAsync(WelfareCampaign campaign, Guid userId, CancellationToken cancellationToken)
    {
        var rows = await db.WelfareChoices.AsNoTracking().Where(c => c.CampaignId == campaign.Id && c.UserId == userId).ToListAsync(cancellationToken);
        var choice = rows.Select(c => new MyChoiceItem(c.SkuId, c.Quantity, c.PriceFen)).ToList();
        return new(
            campaign.Id, campaign.Name, campaign.AllowanceFen, campaign.Deadline, campaign.DeliveryLabel, campaign.LeftoverRule,
            campaign.IsOpenAt(clock.GetUtcNow().UtcDateTime), await ItemsAsync(campaign, cancellationToken), choice, choice.Sum(c => c.PriceFen * c.Quantity),
            campaign.ProgrammeId, rows.FirstOrDefault()?.Department);
    }

    private async Task<WelfareCampaignResponse> ResponseAsync(WelfareCampaign campaign, CancellationToken cancellationToken)
    {
        var employees = await Employees(campaign.UnitId).CountAsync(cancellationToken);
        var chosen = await db.WelfareChoices.Where(c => c.CampaignId == campaign.Id).Select(c => c.UserId).Distinct().CountAsync(cancellationToken);
        return new(
            campaign.Id, campaign.Name, campaign.AllowanceFen, campaign.Deadline, campaign.DeliveryLabel, campaign.Delivery, campaign.LeftoverRule,
            campaign.Status, campaign.OrderId, campaign.RemindedAt, await ItemsAsync(campaign, cancellationToken), employees, chosen, campaign.ProgrammeId);
    }

    /// <summary>The unit's employees with what each chose so far, department and name order; those who chose nothing too.</summary>
    public async Task<IReadOnlyList<PersonChoice>> PeopleAsync(Guid unitId, Guid campaignId, CancellationToken cancellationToken)
    {
        var choices = await db.WelfareChoices.AsNoTracking().Where(c => c.CampaignId == campaignId).ToListAsync(cancellationToken);
        var employees = await (from m in Employees(unitId) join u in db.Users on m.UserId equals u.Id select new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        var people = employees.Select(e => (e.Id, e.DisplayName, "")).Concat(choices.Select(c => (Id: c.UserId, DisplayName: c.Name, c.Department)))
            .GroupBy(p => p.Item1).Select(g =>
            {
                var mine = choices.Where(c => c.UserId == g.Key).ToList();
                var name = mine.Count > 0 ? mine[0].Name : g.First().Item2;
                return new PersonChoice(g.Key, name, mine.Count > 0 ? mine[0].Department : "", [.. mine.Select(c => new MyChoiceItem(c.SkuId, c.Quantity, c.PriceFen))]);
            });
        return [.. people.OrderBy(p => p.Department, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.UserId)];
    }

    /// <summary>Choices so far per supplier, at the prices people chose at.</summary>
    public static IReadOnlyList<SupplierTotal> BySupplier(IReadOnlyList<WelfareCampaignItemView> items, IReadOnlyList<PersonChoice> people)
    {
        var bySku = items.ToDictionary(i => i.SkuId);
        return [.. people.SelectMany(p => p.Items).Where(i => bySku.ContainsKey(i.SkuId)).GroupBy(i => bySku[i.SkuId].SupplierId)
            .Select(g => new SupplierTotal(g.Key, bySku[g.First().SkuId].SupplierName, g.Sum(i => i.Quantity), g.Sum(i => i.PriceFen * i.Quantity)))
            .OrderByDescending(t => t.AmountFen).ThenBy(t => t.SupplierName, StringComparer.Ordinal)];
    }

    private IQueryable<Core.Organizations.Membership> Employees(Guid unitId) =>
        db.Memberships.Where(m => m.OrganizationId == unitId && m.Roles.Any(r => r.Role == Core.Organizations.OrganizationRole.Employee));

    private async Task<IReadOnlyList<WelfareCampaignItemView>> ItemsAsync(WelfareCampaign campaign, CancellationToken cancellationToken)
    {
        var skuIds = campaign.Items.Select(i => i.SkuId).ToList();
        var rows = await (from s in db.ListingSkus
                          join l in db.Listings.IgnoreAutoIncludes() on s.ListingId equals l.Id
                          join o in db.Organizations on l.SupplierId equals o.Id
                          where skuIds.Contains(s.Id)
                          select new { s.Id, s.ListingId, l.Name, s.Spec, s.PriceFen, SupplierId = o.Id, SupplierName = o.Name }).ToListAsync(cancellationToken);
        var listingIds = rows.Select(r => r.ListingId).Distinct().ToList();
        var thumbnails = (await db.ListingImages.AsNoTracking().Where(i => listingIds.Contains(i.ListingId))
                .Select(i => new { i.ListingId, i.Id, i.Hash, i.Position }).ToListAsync(cancellationToken))
            .GroupBy(i => i.ListingId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.Position).First());
        var position = campaign.Items.ToDictionary(i => i.SkuId, i => i.Position);
        return [.. rows.OrderBy(r => position[r.Id]).Select(r => new WelfareCampaignItemView(
            r.Id, r.ListingId, r.Name, r.Spec, r.PriceFen, r.SupplierId, r.SupplierName,
            thumbnails.TryGetValue(r.ListingId, out var image) ? StorefrontReader.ImageUrl(image.Id, image.Hash, ImageVariant.Thumbnail) : null))];
    }
}
