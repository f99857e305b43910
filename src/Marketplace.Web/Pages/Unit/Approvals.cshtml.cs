using Marketplace.Web.Approvals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Unit;

/// <summary>审批待办: the unit's orders waiting for the signed-in approver's level.</summary>
[Authorize(Policy = ApprovalsApi.ApproverPolicy)]
public sealed class ApprovalsModel(ApprovalViews views) : PageModel
{
    public IReadOnlyList<ApprovalInboxItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var approver = ApprovalsApi.ApproverOf(HttpContext);
        Items = await views.InboxAsync(approver.UserId, approver.UnitId, approver.Roles, cancellationToken);
    }
}
