using Dapper;
using Marketplace.Core.Assistance;
using Marketplace.Core.Data;

namespace Marketplace.Core.Campaigns;

public sealed record CampaignCountyResult(string CountyCode, string CountyName, long HelpSellFen, int Orders);

/// <summary>What a campaign brought: paid orders that still have a net amount, and their 帮助销售, in total and by county.</summary>
public sealed record CampaignResult(
    Guid Id, string Code, string Name, CampaignKind Kind, DateOnly StartsOn, DateOnly EndsOn, int CookieDays, Guid? LandingListingId,
    int Orders, long HelpSellFen, IReadOnlyList<CampaignCountyResult> Counties);

/// <summary>Campaigns with their results, read from the ledger (every entry carries the campaign of its order).</summary>
public sealed class CampaignQueries(ReadConnections connections)
{
    public async Task<IReadOnlyList<CampaignResult>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var campaigns = await connection.QueryAsync<CampaignRow>(new CommandDefinition("""
            SELECT id AS Id, code AS Code, name AS Name, kind AS Kind, starts_on AS StartsOn, ends_on AS EndsOn,
                   cookie_days AS CookieDays, landing_listing_id AS LandingListingId
            FROM campaigns ORDER BY starts_on DESC, code
            """, cancellationToken: cancellationToken));
        // Per campaign, order and county; an order whose lines span two counties counts in each county, once in the total.
        var rows = (await connection.QueryAsync<ResultRow>(new CommandDefinition("""
            SELECT e.campaign_code AS Code, e.county_code AS CountyCode, c.name AS CountyName, e.order_id AS OrderId,
                   CAST(SUM(e.amount_fen) AS BIGINT) AS AmountFen
            FROM assistance_entries e JOIN counties c ON c.code = e.county_code
            WHERE e.campaign_code IS NOT NULL AND e.measure = @helpSell
            GROUP BY e.campaign_code, e.county_code, c.name, e.order_id
            """, new { helpSell = nameof(AssistanceMeasure.HelpSell) }, cancellationToken: cancellationToken))).ToLookup(r => Campaign.Normalize(r.Code));

        return [.. campaigns.Select(c =>
        {
            var results = rows[Campaign.Normalize(c.Code)].ToList();
            var orders = results.GroupBy(r => r.OrderId).Count(g => g.Sum(r => r.AmountFen) > 0);
            var counties = results.GroupBy(r => (r.CountyCode, r.CountyName))
                .Select(g => new CampaignCountyResult(g.Key.CountyCode, g.Key.CountyName, g.Sum(r => r.AmountFen), g.Count(r => r.AmountFen > 0)))
                .Where(x => x.HelpSellFen != 0)
                .OrderByDescending(x => x.HelpSellFen).ThenBy(x => x.CountyCode)
                .ToList();
            return new CampaignResult(c.Id, c.Code, c.Name, Enum.Parse<CampaignKind>(c.Kind), c.StartsOn, c.EndsOn, c.CookieDays, c.LandingListingId,
                orders, results.Sum(r => r.AmountFen), counties);
        })];
    }

    private sealed class CampaignRow
    {
        public Guid Id { get; set; }
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public DateOnly StartsOn { get; set; }
        public DateOnly EndsOn { get; set; }
        public int CookieDays { get; set; }
        public Guid? LandingListingId { get; set; }
    }

    private sealed class ResultRow
    {
        public string Code { get; set; } = "";
        public string CountyCode { get; set; } = "";
        public string CountyName { get; set; } = "";
        public Guid OrderId { get; set; }
        public long AmountFen { get; set; }
    }
}
