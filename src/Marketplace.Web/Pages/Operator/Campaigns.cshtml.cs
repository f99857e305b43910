using FluentValidation;
using Marketplace.Core.Campaigns;
using Marketplace.Web.Authorization;
using Marketplace.Web.Campaigns;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>Help-sell campaigns: each with its link, the orders and 帮助销售 it brought, by county; and the form that creates one.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class CampaignsModel(
    CampaignQueries queries, CreateCampaign create, IValidator<CreateCampaignRequest> validator, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<CampaignResult> Campaigns { get; private set; } = [];

    [BindProperty]
    public CampaignInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var today = Core.Suppliers.ChinaCalendar.Today(clock);
        Input = new CampaignInput { StartsOn = today, EndsOn = today.AddDays(30), CookieDays = 30 };
        Campaigns = await queries.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var request = new CreateCampaignRequest(Input.Code, Input.Name, Input.Kind, Input.StartsOn, Input.EndsOn, Input.CookieDays, Input.LandingListingId);
        foreach (var error in (await validator.ValidateAsync(request, cancellationToken)).Errors)
        {
            ModelState.AddModelError("Input." + error.PropertyName, error.ErrorMessage);
        }

        if (ModelState.IsValid)
        {
            var (campaign, failure) = await create.HandleAsync(request, HttpContext, cancellationToken);
            switch (failure)
            {
                case CreateCampaignFailure.None:
                    StatusMessage = localizer["Campaign.Created", campaign!.Name, CampaignsApi.LinkOf(campaign.Code)];
                    return RedirectToPage();
                case CreateCampaignFailure.CodeInUse:
                    ModelState.AddModelError("Input.Code", localizer["Campaign.CodeInUse", request.Code!]);
                    break;
                default:
                    ModelState.AddModelError("Input.LandingListingId", localizer["Campaign.UnknownListing"]);
                    break;
            }
        }

        Campaigns = await queries.ListAsync(cancellationToken);
        return Page();
    }

    public sealed class CampaignInput
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public CampaignKind? Kind { get; set; } = CampaignKind.TvProgramme;

        public DateOnly? StartsOn { get; set; }

        public DateOnly? EndsOn { get; set; }

        public int? CookieDays { get; set; }

        public Guid? LandingListingId { get; set; }
    }
}
