using Marketplace.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.WelfareCampaigns;

/// <summary>
/// The automatic reminder an employee got before a campaign's deadline. Its key (campaign, person) is what makes the
/// reminder go out once, however many processes sweep and however often they restart.
/// </summary>
public sealed class WelfareCampaignReminder
{
    private WelfareCampaignReminder()
    {
    }

    public WelfareCampaignReminder(Guid campaignId, Guid userId, DateTime now)
    {
        CampaignId = campaignId;
        UserId = userId;
        RemindedAt = now;
    }

    public Guid CampaignId { get; private set; }

    public Guid UserId { get; private set; }

    public DateTime RemindedAt { get; private set; }
}

internal sealed class WelfareCampaignReminderConfiguration : IEntityTypeConfiguration<WelfareCampaignReminder>
{
    public void Configure(EntityTypeBuilder<WelfareCampaignReminder> builder)
    {
        builder.ToTable("welfare_campaign_reminders");
        builder.HasKey(r => new { r.CampaignId, r.UserId });
        builder.HasOne<WelfareCampaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
