using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Accounts.Email;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
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
    public const string ChoosePath = "/welfare/campaigns/";

    /// <summary>Null when there is no such open campaign in the unit.</summary>
    public async Task<RemindersSent?> SendAsync(Guid unitId, Guid campaignId, HttpContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = await db.WelfareCampaigns.SingleOrDefaultAsync(c => c.Id == campaignId && c.UnitId == unitId, cancellationToken);
        if (campaign is null || !campaign.IsOpenAt(now))
        {
            return null;
        }

        var link = options.Value.BaseUrlFor(context.Request) + ChoosePath + campaign.Id;
        var deadline = ChinaCalendar.TimeOf(campaign.Deadline);
        var people = (await views.NotChosenAsync(campaign, cancellationToken)).Where(p => !string.IsNullOrEmpty(p.Email)).ToList();
        foreach (var person in people)
        {
            await mail.SendAsync(
                new OutgoingMail(
                    person.Email!,
                    $"请选择您的{campaign.Name} / Please choose your welfare items",
                    $"""
                    {person.Name}，您好：

                    单位的「{campaign.Name}」正在自选中，每人额度 {Money.Format(campaign.AllowanceFen)}。您还没有选择，请在 {deadline}（北京时间）前打开下面的链接选择：
                    {link}

                    未选择的额度到期作废，不会替您挑选商品。

                    ----

                    Your unit's welfare campaign "{campaign.Name}" is open: {Money.Format(campaign.AllowanceFen)} per person. You have not
                    chosen yet; choose at the link above before {deadline} (Beijing time). Unspent allowance lapses;
                    nothing is chosen for you.
                    """),
                cancellationToken);
        }

        campaign.Reminded(now);
        audit.Append(AuditActors.Of(context), AuditActions.WelfareCampaignReminded, AuditSubjects.WelfareCampaign, campaign.Id.ToString(), new { unitId, reminded = people.Count });
        await db.SaveChangesAsync(cancellationToken);
        return new(people.Count);
    }
}
