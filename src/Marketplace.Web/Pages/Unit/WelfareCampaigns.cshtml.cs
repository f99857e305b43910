using System.Globalization;
using FluentValidation;
using Marketplace.Core.Catalog.Storefront;
using Marketplace.Core.Data;
using Marketplace.Core.Welfare;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Marketplace.Web.Welfare;
using Marketplace.Web.WelfareCampaigns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>福利自选 of the unit: its campaigns with progress, and a form that publishes a new one from a searched selection.</summary>
[Authorize(Policy = WelfareManagerRequirement.ManagePolicy)]
public sealed class WelfareCampaignsModel(
    WelfareCampaignViews views, PublishWelfareCampaign publish, IValidator<PublishWelfareCampaignRequest> validator, StorefrontReader storefront,
    MarketplaceDbContext db, IStringLocalizer<SharedResource> localizer, TimeProvider clock) : PageModel
{
    public const int CandidatesShown = 24;
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public IReadOnlyList<WelfareCampaignResponse> Campaigns { get; private set; } = [];

    /// <summary>SKUs the admin can tick: those ticked already first, then what the search found.</summary>
    public IReadOnlyList<CandidateSku> Candidates { get; private set; } = [];

    public IReadOnlyList<WelfareProgramme> Programmes { get; private set; } = [];

    [BindProperty]
    public CampaignInput Input { get; set; } = new();

    [BindProperty]
    public string? Query { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var deadline = (clock.GetUtcNow().UtcDateTime + ChinaOffset).Date.AddDays(7).AddHours(18);
        Input = new CampaignInput { Deadline = deadline };
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    /// <summary>Searches the storefront for more SKUs, keeping everything typed and ticked so far.</summary>
    public async Task<IActionResult> OnPostSearchAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var allowance = Money.ParseYuan(Input.AllowanceYuan);
        if (allowance is null && !string.IsNullOrWhiteSpace(Input.AllowanceYuan))
        {
            ModelState.AddModelError("Input.AllowanceYuan", localizer["Validation.Range", localizer["WelfareCampaign.Allowance"], Money.Format(1), Money.Format(WelfareProgramme.MaxAmountPerEmployeeFen)]);
        }

        var request = new PublishWelfareCampaignRequest(
            Input.Name, allowance, Input.Deadline is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaOffset) : null,
            Input.DeliveryLabel, new AddressInput(Input.Recipient, Input.Phone, Input.Region, Input.Line, Input.PostalCode), Input.LeftoverRule,
            Input.SkuIds.Distinct().ToList(), Input.LeftoverRule == LeftoverRule.StaysInWallet ? Input.ProgrammeId : null);
        foreach (var error in (await validator.ValidateAsync(request, cancellationToken)).Errors)
        {
            ModelState.AddModelError(FieldOf(error.PropertyName), error.ErrorMessage);
        }

        if (ModelState.IsValid && User.GetOrganizationId() is { } unitId)
        {
            var outcome = await publish.HandleAsync(unitId, request, HttpContext, cancellationToken);
            switch (outcome.Failure)
            {
                case PublishFailure.None:
                    StatusMessage = localizer["WelfareCampaignPage.Published", outcome.Campaign!.Name];
                    return RedirectToPage("/Unit/WelfareCampaign", new { campaignId = outcome.Campaign.Id });
                case PublishFailure.UnavailableSkus:
                    ModelState.AddModelError("Input.SkuIds", string.Join(" ", outcome.Unavailable!.Select(id => localizer["WelfareCampaign.SkuUnavailable", id].Value)));
                    break;
                case PublishFailure.ProgrammeInvalid:
                    ModelState.AddModelError("Input.ProgrammeId", localizer["WelfareCampaign.ProgrammeInvalid"]);
                    break;
                default:
                    return NotFound();
            }
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private static string FieldOf(string property) => property switch
    {
        "AllowanceFen" => "Input.AllowanceYuan",
        "SkuIds" => "Input.SkuIds",
        "Address" => "Input.Recipient",
        _ when property.StartsWith("Address.", StringComparison.Ordinal) => "Input." + property["Address.".Length..],
        _ => "Input." + property.Split('[')[0],
    };

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (User.GetOrganizationId() is not { } unitId)
        {
            return false;
        }

        Campaigns = await views.ListAsync(unitId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        Programmes = await db.WelfareProgrammes.AsNoTracking()
            .Where(p => p.UnitId == unitId && p.Status == WelfareProgrammeStatus.Active && p.ExpiresAt > now).OrderBy(p => p.ExpiresAt).ToListAsync(cancellationToken);
        var found = await storefront.ListAsync(new ProductFilter(Search: string.IsNullOrWhiteSpace(Query) ? null : Query.Trim(), Limit: CandidatesShown), cancellationToken);
        var listingIds = found.Items.Select(c => c.Id).ToList();
        var ticked = Input.SkuIds.Distinct().ToList();
        var rows = await (from s in db.ListingSkus
                          join l in db.Listings.IgnoreAutoIncludes() on s.ListingId equals l.Id
                          join o in db.Organizations on l.SupplierId equals o.Id
                          where listingIds.Contains(l.Id) || ticked.Contains(s.Id)
                          select new CandidateSku(s.Id, l.Id, l.Name, s.Spec, s.PriceFen, o.Name)).ToListAsync(cancellationToken);
        var order = listingIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        Candidates = [.. rows.OrderBy(r => ticked.Contains(r.SkuId) ? 0 : 1).ThenBy(r => order.GetValueOrDefault(r.ListingId, -1)).ThenBy(r => r.PriceFen)];
        return true;
    }

    public static string DeadlineValue(DateTime? local) => local?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) ?? "";

    public sealed record CandidateSku(Guid SkuId, Guid ListingId, string ProductName, string Spec, long PriceFen, string SupplierName);

    public sealed class CampaignInput
    {
        public string? Name { get; set; }

        public string? AllowanceYuan { get; set; }

        /// <summary>China time, as the datetime-local field sends it.</summary>
        public DateTime? Deadline { get; set; }

        public string? DeliveryLabel { get; set; }

        public string? Recipient { get; set; }

        public string? Phone { get; set; }

        public string? Region { get; set; }

        public string? Line { get; set; }

        public string? PostalCode { get; set; }

        public LeftoverRule LeftoverRule { get; set; } = LeftoverRule.Lapses;

        public Guid? ProgrammeId { get; set; }

        public List<Guid> SkuIds { get; set; } = [];
    }
}
