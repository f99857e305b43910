using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Web.Accounts.Email;
using Marketplace.Web.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.WelfareCampaigns;

public sealed record RemindersSent(int Reminded);

/// <summary>
/// Reminds by e-mail every person of the unit who has not chosen yet (while choosing is open); they also see the open
/// campaign on their welfare page. Unit admins or finance send it, as often as they judge useful; the last time is kept.
/// </summary>
public sealed class WelfareCampaignReminders(
    MarketplaceDbContext db, WelfareCampaignViews views, IMailTransport mail, IOptions<EmailOptions> options, AuditLog audit, TimeProvider clock)
{
    /// <summary>Null when there is no such open campaign in the unit.</summary>
    public async Task<RemindersSent?> SendAsync(Guid unitId, Guid campaignId, HttpContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = await db.WelfareCampaigns.SingleOrDefaultAsync(c => c.Id == campaignId && c.UnitId == unitId, cancellationToken);
        if (campaign is null || !campaign.IsOpenAt(now))
        {
            return null;
        }

        var link = WelfareCampaignMail.ChooseLink(options.Value.BaseUrlFor(context.Request), campaign.Id);
        var people = (await views.NotChosenAsync(campaign, cancellationToken)).Where(p => !string.IsNullOrEmpty(p.Email)).ToList();
        foreach (var person in people)
        {
            await mail.SendAsync(WelfareCampaignMail.Reminder(campaign, person.Name, person.Email!, link), cancellationToken);
        }

        campaign.Reminded(now);
        audit.Append(AuditActors.Of(context), AuditActions.WelfareCampaignReminded, AuditSubjects.WelfareCampaign, campaign.Id.ToString(), new { unitId, reminded = people.Count });
        await db.SaveChangesAsync(cancellationToken);
        return new(people.Count);
    }
}
