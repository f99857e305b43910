using FluentValidation;
using Marketplace.Core.Assistance;
using Marketplace.Web.Assistance;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>Every member unit against its target for a year (a table; parents before children), and the form that sets a target.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class TargetsModel(
    TargetQueries queries, SetUnitTarget setTarget, IValidator<SetUnitTargetRequest> validator, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public int Year { get; private set; }

    public IReadOnlyList<TargetProgress> Units { get; private set; } = [];

    [BindProperty]
    public TargetForm Target { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public TargetFormView Form => new(Target, Units, ModelState);

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken cancellationToken)
    {
        Year = TargetsApi.YearOf(year, clock) ?? TargetsApi.YearOf(null, clock)!.Value;
        Target.Year = Year;
        Units = await queries.AllAsync(Year, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSetAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Year = TargetsApi.YearOf(Target.Year, clock) ?? TargetsApi.YearOf(null, clock)!.Value;
        var request = await Target.ToRequestAsync(validator, localizer, ModelState, cancellationToken);
        if (request is not null && Target.UnitId is { } unitId)
        {
            var (progress, failure) = await setTarget.HandleAsync(unitId, Target.Year, request, HttpContext, cancellationToken);
            if (failure == SetTargetFailure.None)
            {
                StatusMessage = localizer["Target.Saved", progress!.UnitName, Target.Year, Money.Format(progress.Target!.TargetFen)];
                return RedirectToPage(new { year = Target.Year });
            }

            ModelState.AddModelError("Target.UnitId", failure == SetTargetFailure.UnitNotFound ? localizer["Target.UnitUnknown"] : localizer["Target.Conflict"]);
        }
        else if (Target.UnitId is null)
        {
            ModelState.AddModelError("Target.UnitId", localizer["Validation.Required", localizer["Target.Unit"]]);
        }

        Units = await queries.AllAsync(Year, cancellationToken);
        return Page();
    }
}
