using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Marketplace.Web.Welfare;
using Marketplace.Web.WelfareCampaigns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>
/// One campaign for the unit's admins and finance: how many have chosen, totals per supplier, reminders, closing early;
/// once closed, the consolidated order (one sub-order per supplier) and the per-person list it is packed by.
/// </summary>
[Authorize(Policy = WelfareManagerRequirement.ManagePolicy)]
public sealed class WelfareCampaignModel(
    WelfareCampaignViews views, WelfareCampaignReminders reminders, CloseWelfareCampaign close, OrderViews orders, IStringLocalizer<SharedResource> localizer)
    : PageModel
{
    public WelfareCampaignResponse Campaign { get; private set; } = null!;

    public IReadOnlyList<PersonChoice> People { get; private set; } = [];

    public IReadOnlyList<SupplierTotal> Suppliers { get; private set; } = [];

    /// <summary>The consolidated order once the campaign has closed with choices.</summary>
    public OrderView? Order { get; private set; }

    /// <summary>Only the order's buyer (who published) opens the order page itself; everyone here sees its sub-orders.</summary>
    public bool IsBuyer { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public IEnumerable<PersonChoice> Chosen => People.Where(p => p.Items.Count > 0);

    public async Task<IActionResult> OnGetAsync(Guid campaignId, CancellationToken cancellationToken) =>
        await LoadAsync(campaignId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRemindAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        if (User.GetOrganizationId() is not { } unitId)
        {
            return NotFound();
        }

        var sent = await reminders.SendAsync(unitId, campaignId, HttpContext, cancellationToken);
        StatusMessage = sent is null ? localizer["WelfareCampaign.ChoosingOver"] : localizer["WelfareCampaignPage.Reminded", sent.Reminded];
        return RedirectToPage(new { campaignId });
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        if (User.GetOrganizationId() is not { } unitId)
        {
            return NotFound();
        }

        var outcome = await close.HandleAsync(unitId, campaignId, HttpContext, cancellationToken);
        if (outcome.Failure == CloseFailure.NotFound)
        {
            return NotFound();
        }

        StatusMessage = outcome.Failure == CloseFailure.AlreadyClosed ? localizer["WelfareCampaign.AlreadyClosed"]
            : outcome.OrderId is null ? localizer["WelfareCampaignPage.ClosedEmpty"]
            : localizer["WelfareCampaignPage.Closed"];
        return RedirectToPage(new { campaignId });
    }

    private async Task<bool> LoadAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        if (User.GetOrganizationId() is not { } unitId || await views.FindAsync(unitId, campaignId, cancellationToken) is not { } campaign)
        {
            return false;
        }

        Campaign = campaign;
        People = await views.PeopleAsync(unitId, campaignId, cancellationToken);
        Suppliers = WelfareCampaignViews.BySupplier(campaign.Items, People);
        if (campaign.OrderId is { } orderId)
        {
            Order = await orders.FindAsync(orderId, cancellationToken);
            IsBuyer = await orders.IsBuyerAsync(orderId, AuditActors.UserId(User), cancellationToken);
        }

        return true;
    }

    public string ItemName(Guid skuId) => Campaign.Items.FirstOrDefault(i => i.SkuId == skuId) is { } item ? $"{item.ProductName} · {item.Spec}" : skuId.ToString();

    public string SupplierOf(Guid skuId) => Campaign.Items.FirstOrDefault(i => i.SkuId == skuId)?.SupplierName ?? "";
}
