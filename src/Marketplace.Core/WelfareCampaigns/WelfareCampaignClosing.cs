using System.Security.Cryptography;
using System.Text;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.WelfareCampaigns;

/// <summary>
/// Ends choosing: all of a campaign's choices become ONE unit order of kind <see cref="OrderKind.Welfare"/>, paid from
/// the welfare allowance the unit grants (so the ledger counts it as the welfare channel, 直接采购), to the workplace,
/// through the normal order path (stored with its <see cref="SubmitOrder"/> message; the order service prices it and
/// splits it into one sub-order per supplier). The roster of who chose what stays with the order for the packing lists.
/// The campaign, the order and its roster are one transaction; the campaign's revision makes closing happen once.
/// </summary>
public sealed class WelfareCampaignClosing(MarketplaceDbContext db, TimeProvider clock)
{
    public const string KeyPrefix = "welfare-campaign:";

    /// <summary>Returns the order id (null when nobody chose), or false when the campaign was already closed.</summary>
    public async Task<(bool Closed, Guid? OrderId)> CloseAsync(WelfareCampaign campaign, CancellationToken cancellationToken)
    {
        if (campaign.Status != WelfareCampaignStatus.Open)
        {
            return (false, campaign.OrderId);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var choices = await db.WelfareChoices.AsNoTracking().Where(c => c.CampaignId == campaign.Id).ToListAsync(cancellationToken);
        Order? order = null;
        if (choices.Count > 0)
        {
            var key = KeyPrefix + campaign.Id.ToString("N");
            var lines = choices.GroupBy(c => c.SkuId).OrderBy(g => campaign.Items.First(i => i.SkuId == g.Key).Position)
                .Select(g => new RequestedLine(g.Key, g.Sum(c => c.Quantity), 0)).ToList();
            var request = new OrderRequest(
                campaign.CreatedByUserId, campaign.UnitId, OrderChannel.UnitCollective, FundingSource.WelfareAllowance, campaign.Delivery, null, null,
                campaign.Name, null, key, lines, OrderKind.Welfare, [new DeliveryRequest(campaign.DeliveryLabel, campaign.Delivery)]);
            order = Order.Submit(request, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))), now, OrderNumbers.Shared);
            db.Orders.Add(order);
            db.AddToOutbox(new SubmitOrder(order.Id), clock);
            db.RosterEntries.AddRange(RosterOf(choices).Select(r => new RosterEntry(order.Id, r.Line, r.Name, r.EmployeeNumber, r.Department, r.SkuId, r.Quantity, now)));
        }

        campaign.Close(order?.Id, now);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await KeepLeftoversAsync(campaign, choices, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            // Closed at the same moment by the sweep or an admin; that close stands (and so do only its credits).
            return (false, null);
        }

        return (true, order?.Id);
    }

    /// <summary>
    /// Each person's unspent allowance at the prices they chose at, for everyone who could choose (the unit's employees
    /// now, and anyone who chose): the whole allowance for those who chose nothing.
    /// </summary>
    public static Dictionary<Guid, long> LeftoversOf(long allowanceFen, IEnumerable<Guid> employees, IReadOnlyList<WelfareChoice> choices)
    {
        var spent = choices.GroupBy(c => c.UserId).ToDictionary(g => g.Key, g => g.Sum(c => c.PriceFen * c.Quantity));
        return employees.Concat(spent.Keys).Distinct()
            .ToDictionary(u => u, u => Math.Max(0, allowanceFen - spent.GetValueOrDefault(u)));
    }

    private async Task KeepLeftoversAsync(WelfareCampaign campaign, IReadOnlyList<WelfareChoice> choices, DateTime now, CancellationToken cancellationToken)
    {
        if (campaign.LeftoverRule != LeftoverRule.StaysInWallet || campaign.ProgrammeId is not { } programmeId)
        {
            return;
        }

        var programme = await db.WelfareProgrammes.SingleAsync(p => p.Id == programmeId, cancellationToken);
        var employees = await WelfareGrants.EmployeesAsync(db, campaign.UnitId, cancellationToken);
        await WelfareGrants.CreditAsync(db, programme, LeftoversOf(campaign.AllowanceFen, employees, choices), campaign.CreatedByUserId, now, cancellationToken);
    }

    /// <summary>
    /// One roster row per person and SKU, people in department and name order. Members have no employee number here,
    /// so each person gets a campaign number (W0001…) that keeps their rows together on the packing list.
    /// </summary>
    public static IReadOnlyList<(int Line, string Name, string EmployeeNumber, string Department, Guid SkuId, int Quantity)> RosterOf(IReadOnlyList<WelfareChoice> choices)
    {
        var people = choices.GroupBy(c => c.UserId)
            .OrderBy(g => g.First().Department, StringComparer.Ordinal).ThenBy(g => g.First().Name, StringComparer.Ordinal).ThenBy(g => g.Key)
            .ToList();
        var rows = new List<(int, string, string, string, Guid, int)>();
        for (var p = 0; p < people.Count; p++)
        {
            foreach (var choice in people[p].OrderBy(c => c.SkuId))
            {
                rows.Add((rows.Count + 1, choice.Name, $"W{p + 1:D4}", choice.Department, choice.SkuId, choice.Quantity));
            }
        }

        return rows;
    }
}
