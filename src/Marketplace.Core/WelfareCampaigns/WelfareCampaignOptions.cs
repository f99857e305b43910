namespace Marketplace.Core.WelfareCampaigns;

public sealed class WelfareCampaignOptions
{
    public const string Section = "WelfareCampaigns";

    /// <summary>How long before the deadline employees who have chosen nothing get the automatic reminder.</summary>
    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often the reminder sweep looks for campaigns whose reminder is due.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(5);
}
