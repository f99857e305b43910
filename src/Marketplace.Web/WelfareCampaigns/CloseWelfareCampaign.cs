using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Audit;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.WelfareCampaigns;

public enum CloseFailure
{
    None,
    NotFound,
    AlreadyClosed,
}

public sealed record CloseOutcome(CloseFailure Failure, Guid? OrderId = null);

/// <summary>A unit admin or finance ends choosing before the deadline: the same consolidation the deadline sweep does, audited.</summary>
public sealed class CloseWelfareCampaign(MarketplaceDbContext db, WelfareCampaignClosing closing, AuditLog audit)
{
    public async Task<CloseOutcome> HandleAsync(Guid unitId, Guid campaignId, HttpContext context, CancellationToken cancellationToken)
    {
        var campaign = await db.WelfareCampaigns.SingleOrDefaultAsync(c => c.Id == campaignId && c.UnitId == unitId, cancellationToken);
        if (campaign is null)
        {
            return new(CloseFailure.NotFound);
        }

        if (campaign.Status != WelfareCampaignStatus.Open)
        {
            return new(CloseFailure.AlreadyClosed, campaign.OrderId);
        }

        audit.Append(AuditActors.Of(context), AuditActions.WelfareCampaignClosed, AuditSubjects.WelfareCampaign, campaign.Id.ToString(), new { unitId, early = true });
        var (closed, orderId) = await closing.CloseAsync(campaign, cancellationToken);
        return closed ? new(CloseFailure.None, orderId) : new(CloseFailure.AlreadyClosed);
    }
}
