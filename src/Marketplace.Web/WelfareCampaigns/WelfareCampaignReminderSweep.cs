using Marketplace.Core.Data;
using Marketplace.Core.Hosting;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Accounts.Email;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.WelfareCampaigns;

/// <summary>
/// Reminds, once, every employee who has chosen nothing when an open campaign's deadline is
/// <see cref="WelfareCampaignOptions.ReminderBefore"/> away (or nearer). It runs in every web host, the processes that
/// send mail: each person's reminder is a row keyed by campaign and person, inserted in the transaction that sends
/// the mail, so a second process or a restart finds the row and skips them, and a mail that could not be sent leaves
/// no row and is tried at the next pass. Deadlines themselves are closed by <see cref="WelfareCampaignSweep"/>.
/// </summary>
public sealed partial class WelfareCampaignReminderSweep(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<WelfareCampaignOptions> options, IOptions<EmailOptions> email, IServer server,
    ILogger<WelfareCampaignReminderSweep> logger) : IPeriodicSweep
{
    private const int Batch = 20;

    public TimeSpan Interval => options.Value.ReminderInterval;

    public string Name => "welfare campaign reminder sweep";

    /// <summary>One pass; returns how many people it reminded.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var dueBy = now + options.Value.ReminderBefore;
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>().WelfareCampaigns
                .Where(c => c.Status == WelfareCampaignStatus.Open && c.Deadline > now && c.Deadline <= dueBy)
                .OrderBy(c => c.Deadline).Select(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
        }

        var reminded = 0;
        foreach (var campaignId in due)
        {
            reminded += await RemindAsync(campaignId, now, cancellationToken);
        }

        return reminded;
    }

    private async Task<int> RemindAsync(Guid campaignId, DateTime now, CancellationToken cancellationToken)
    {
        List<(Guid UserId, string Name, string? Email)> people;
        WelfareCampaign campaign;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            campaign = await db.WelfareCampaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId, cancellationToken);
            var already = await db.WelfareCampaignReminders.Where(r => r.CampaignId == campaignId).Select(r => r.UserId).ToListAsync(cancellationToken);
            people = [.. (await scope.ServiceProvider.GetRequiredService<WelfareCampaignViews>().NotChosenAsync(campaign, cancellationToken))
                .Where(p => !string.IsNullOrEmpty(p.Email) && !already.Contains(p.UserId))];
        }

        var link = WelfareCampaignMail.ChooseLink(BaseUrl(), campaignId);
        var sent = 0;
        foreach (var person in people)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var userId = person.UserId;
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO welfare_campaign_reminders (campaign_id, user_id, reminded_at) VALUES ({campaignId}, {userId}, {now}) ON CONFLICT DO NOTHING",
                cancellationToken);
            if (claimed != 1)
            {
                continue;
            }

            await scope.ServiceProvider.GetRequiredService<IMailTransport>()
                .SendAsync(WelfareCampaignMail.Reminder(campaign, person.Name, person.Email!, link), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sent++;
        }

        if (sent > 0)
        {
            LogReminded(sent, campaign.Name);
        }

        return sent;
    }

    /// <summary>The configured public address, else the first address this host listens on.</summary>
    private string BaseUrl() =>
        email.Value.LinkBaseUrl is { Length: > 0 } configured
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminded {Count} employees to choose in the welfare campaign {Name}.")]
    private partial void LogReminded(int count, string name);
}
