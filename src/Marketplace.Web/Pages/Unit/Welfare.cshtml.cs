using FluentValidation;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Welfare;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>A unit admin's or finance's welfare programmes: totals of each, and a form for a new one.</summary>
[Authorize(Policy = WelfareManagerRequirement.ManagePolicy)]
public sealed class WelfareModel(
    WelfareReports reports, CreateWelfareProgramme create, IValidator<CreateWelfareProgrammeRequest> validator, MarketplaceDbContext db,
    IStringLocalizer<SharedResource> localizer, TimeProvider clock) : PageModel
{
    public IReadOnlyList<WelfareProgrammeResponse> Programmes { get; private set; } = [];

    public IReadOnlyList<County> Counties { get; private set; } = [];

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var today = ChinaCalendar.Today(clock);
        Input = new CreateInput { ValidFrom = today, ValidUntil = today.AddMonths(1) };
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var amount = Money.ParseYuan(Input.AmountYuan);
        if (amount is null && !string.IsNullOrWhiteSpace(Input.AmountYuan))
        {
            ModelState.AddModelError("Input.AmountYuan", localizer["Validation.Range", localizer["Welfare.AmountPerEmployee"], Money.Format(1), Money.Format(Core.Welfare.WelfareProgramme.MaxAmountPerEmployeeFen)]);
        }

        var request = new CreateWelfareProgrammeRequest(Input.Name, amount, Input.ValidFrom, Input.ValidUntil, Input.Counties, Input.Regions, Input.Categories);
        foreach (var error in (await validator.ValidateAsync(request, cancellationToken)).Errors)
        {
            ModelState.AddModelError(error.PropertyName.StartsWith("AmountPerEmployeeFen", StringComparison.Ordinal) ? "Input.AmountYuan" : "Input." + error.PropertyName.Split('[')[0], error.ErrorMessage);
        }

        if (ModelState.IsValid && User.GetOrganizationId() is { } unitId)
        {
            var outcome = await create.HandleAsync(unitId, request, HttpContext, cancellationToken);
            if (outcome.Failure == CreateProgrammeFailure.None)
            {
                StatusMessage = localizer["Welfare.Created", outcome.Programme!.Name];
                return RedirectToPage("/Unit/WelfareProgramme", new { programmeId = outcome.Programme.Id });
            }

            foreach (var code in outcome.UnknownCounties)
            {
                ModelState.AddModelError("Input.Counties", localizer["Welfare.UnknownCounty", code]);
            }
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (User.GetOrganizationId() is not { } unitId || await reports.ListAsync(unitId, cancellationToken) is not { } programmes)
        {
            return false;
        }

        Programmes = programmes;
        Counties = await db.Counties.AsNoTracking().OrderBy(c => c.Region).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        return true;
    }

    public sealed class CreateInput
    {
        public string? Name { get; set; }

        public string? AmountYuan { get; set; }

        public DateOnly? ValidFrom { get; set; }

        public DateOnly? ValidUntil { get; set; }

        public List<string> Counties { get; set; } = [];

        public List<AssistedRegion> Regions { get; set; } = [];

        public List<ProductCategory> Categories { get; set; } = [];
    }
}
