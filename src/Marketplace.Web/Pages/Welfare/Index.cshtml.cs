using Marketplace.Core.Organizations;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Welfare;
using Marketplace.Web.WelfareCampaigns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Welfare;

/// <summary>我的福利: the signed-in user's own wallets (any signed-in user; without a grant the page says so).</summary>
[Authorize]
public sealed class IndexModel(MyWelfare welfare, WelfareCampaignViews campaigns) : PageModel
{
    public MyWelfareResponse Welfare { get; private set; } = new(0, []);

    /// <summary>福利自选 of the employee's unit: open ones to choose in, and those closed within the last 30 days.</summary>
    public IReadOnlyList<MyWelfareCampaign> Campaigns { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = AuditActors.UserId(User)!.Value;
        Welfare = await welfare.WalletsAsync(userId, cancellationToken);
        if (User.IsMemberOf(OrganizationKind.MemberUnit) && User.GetOrganizationId() is { } unitId)
        {
            Campaigns = await campaigns.MineAsync(unitId, userId, cancellationToken);
        }
    }
}
