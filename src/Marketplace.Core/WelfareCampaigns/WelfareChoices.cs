using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.WelfareCampaigns;

public enum ChoiceFailure
{
    None,

    /// <summary>No such campaign in the employee's unit.</summary>
    NotFound,

    /// <summary>The deadline has passed or the campaign was closed.</summary>
    Closed,

    /// <summary>A SKU outside the selection, a repeated SKU, or a quantity out of range.</summary>
    NotInSelection,

    /// <summary>The choice costs more than the allowance.</summary>
    OverAllowance,
}

public sealed record ChosenItem(Guid SkuId, int Quantity);

public sealed record ChoiceOutcome(ChoiceFailure Failure, long TotalFen = 0);

/// <summary>
/// An employee's choice in a campaign (DOMAIN.md rule 11: they choose, nobody chooses for them): priced at the SKUs'
/// current prices, within the allowance, replaced whole on each change until the deadline. An empty choice withdraws.
/// </summary>
public sealed class WelfareChoices(MarketplaceDbContext db, TimeProvider clock)
{
    public const int MaxQuantityPerItem = 99;

    public async Task<ChoiceOutcome> ChooseAsync(
        Guid campaignId, Guid unitId, Guid userId, string name, string department, IReadOnlyList<ChosenItem> items, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = await db.WelfareCampaigns.SingleOrDefaultAsync(c => c.Id == campaignId && c.UnitId == unitId, cancellationToken);
        if (campaign is null)
        {
            return new(ChoiceFailure.NotFound);
        }

        if (!campaign.IsOpenAt(now))
        {
            return new(ChoiceFailure.Closed);
        }

        var selection = campaign.Items.Select(i => i.SkuId).ToHashSet();
        if (items.Any(i => !selection.Contains(i.SkuId) || i.Quantity is < 1 or > MaxQuantityPerItem) || items.Select(i => i.SkuId).Distinct().Count() != items.Count)
        {
            return new(ChoiceFailure.NotInSelection);
        }

        var skuIds = items.Select(i => i.SkuId).ToList();
        var prices = await db.ListingSkus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.PriceFen, cancellationToken);
        var total = items.Sum(i => prices[i.SkuId] * i.Quantity);
        if (total > campaign.AllowanceFen)
        {
            return new(ChoiceFailure.OverAllowance, total);
        }

        db.WelfareChoices.RemoveRange(await db.WelfareChoices.Where(c => c.CampaignId == campaignId && c.UserId == userId).ToListAsync(cancellationToken));
        db.WelfareChoices.AddRange(items.Select(i => new WelfareChoice(campaignId, userId, name, department, i.SkuId, i.Quantity, prices[i.SkuId], now)));
        await db.SaveChangesAsync(cancellationToken);
        return new(ChoiceFailure.None, total);
    }
}
