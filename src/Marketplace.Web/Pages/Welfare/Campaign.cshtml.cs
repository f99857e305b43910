using Marketplace.Core.Organizations;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.WelfareCampaigns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Welfare;

/// <summary>
/// 福利自选 for one employee (the page the reminder e-mail links to): the selection with pictures and prices, quantity
/// pickers that stay within the allowance, saved and changed until the deadline; the server checks the allowance again.
/// </summary>
[Authorize]
public sealed class CampaignModel(WelfareCampaignViews views, ChooseWelfare choose, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public MyWelfareCampaign Campaign { get; private set; } = null!;

    /// <summary>Quantity per SKU as the form shows it: the saved choice, or what was just sent back with an error.</summary>
    public Dictionary<Guid, int> Quantities { get; private set; } = [];

    [BindProperty]
    public List<ChosenItem> Items { get; set; } = [];

    [BindProperty]
    public string? Department { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(campaignId, cancellationToken))
        {
            return NotFound();
        }

        Quantities = Campaign.Choice.ToDictionary(c => c.SkuId, c => c.Quantity);
        Department = Campaign.Department;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var items = Items.Where(i => i.Quantity > 0).ToList();
        if (Items.Any(i => i.Quantity is < 0 or > WelfareChoices.MaxQuantityPerItem))
        {
            ModelState.AddModelError(string.Empty, localizer["WelfareCampaign.NotInSelection"]);
        }
        else if ((Department?.Trim().Length ?? 0) > Core.Ordering.RosterEntry.DepartmentMaxLength)
        {
            ModelState.AddModelError(nameof(Department), localizer["Validation.MaxLength", localizer["WelfareCampaign.Department"], Core.Ordering.RosterEntry.DepartmentMaxLength]);
        }
        else
        {
            var outcome = await choose.HandleAsync(campaignId, new ChooseWelfareRequest(items, Department), HttpContext, cancellationToken);
            switch (outcome.Failure)
            {
                case ChoiceFailure.None:
                    StatusMessage = items.Count == 0 ? localizer["WelfareCampaignPage.Withdrawn"] : localizer["WelfareCampaignPage.Saved", Money.Format(outcome.TotalFen)];
                    return RedirectToPage(new { campaignId });
                case ChoiceFailure.NotFound:
                    return NotFound();
                case ChoiceFailure.Closed:
                    ModelState.AddModelError(string.Empty, localizer["WelfareCampaign.ChoosingOver"]);
                    break;
                case ChoiceFailure.NotInSelection:
                    ModelState.AddModelError(string.Empty, localizer["WelfareCampaign.NotInSelection"]);
                    break;
                default:
                    ModelState.AddModelError(string.Empty, localizer["WelfareCampaign.OverAllowance", Money.Format(outcome.TotalFen)]);
                    break;
            }
        }

        if (!await LoadAsync(campaignId, cancellationToken))
        {
            return NotFound();
        }

        Quantities = items.GroupBy(i => i.SkuId).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity));
        return Page();
    }

    private async Task<bool> LoadAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        if (!User.IsMemberOf(OrganizationKind.MemberUnit) || User.GetOrganizationId() is not { } unitId
            || await views.MineAsync(unitId, AuditActors.UserId(User)!.Value, campaignId, cancellationToken) is not { } campaign)
        {
            return false;
        }

        Campaign = campaign;
        return true;
    }
}
