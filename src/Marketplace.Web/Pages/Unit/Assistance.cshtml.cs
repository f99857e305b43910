using FluentValidation;
using Marketplace.Core.Assistance;
using Marketplace.Web.Assistance;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>
/// The unit portal's assistance page (帮扶成效), for every member of the unit: its year against its target, what its
/// purchases (with its sub-units') support, its certificate, and its sub-units' targets — which the unit's admins set.
/// </summary>
[Authorize(Policy = MarketplacePolicies.UnitMember)]
public sealed class AssistanceModel(
    TargetQueries targets, ImpactQueries impacts, SetUnitTarget setTarget, IValidator<SetUnitTargetRequest> validator, TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public int Year { get; private set; }

    public TargetProgress Progress { get; private set; } = null!;

    public Impact Impact { get; private set; } = null!;

    public IReadOnlyList<TargetProgress> SubUnits { get; private set; } = [];

    /// <summary>The unit's admins set the targets of the units directly below it.</summary>
    public bool MaySetSubUnits => SubUnits.Count > 0 && TargetForm.MaySet(User, UnitId);

    [BindProperty]
    public TargetForm Target { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public TargetFormView Form => new(Target, SubUnits, ModelState);

    public Guid UnitId => User.GetOrganizationId()!.Value;

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken cancellationToken)
    {
        Year = TargetsApi.YearOf(year, clock) ?? TargetsApi.YearOf(null, clock)!.Value;
        Target.Year = Year;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSetAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Year = TargetsApi.YearOf(Target.Year, clock) ?? TargetsApi.YearOf(null, clock)!.Value;
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var subUnit = SubUnits.SingleOrDefault(u => u.UnitId == Target.UnitId);
        if (subUnit is null || !TargetForm.MaySet(User, subUnit.ParentId))
        {
            return Forbid();
        }

        var request = await Target.ToRequestAsync(validator, localizer, ModelState, cancellationToken);
        if (request is null)
        {
            return Page();
        }

        var (progress, failure) = await setTarget.HandleAsync(subUnit.UnitId, Target.Year, request, HttpContext, cancellationToken);
        if (failure != SetTargetFailure.None)
        {
            ModelState.AddModelError("Target.UnitId", localizer["Target.Conflict"]);
            return Page();
        }

        StatusMessage = localizer["Target.Saved", progress!.UnitName, Target.Year, Money.Format(progress.Target!.TargetFen)];
        return RedirectToPage(new { year = Target.Year });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await targets.UnitAsync(Year, UnitId, cancellationToken) is not { } progress)
        {
            return false;
        }

        Progress = progress;
        Impact = await impacts.UnitAsync(Year, UnitId, cancellationToken);
        SubUnits = [.. (await targets.AllAsync(Year, cancellationToken)).Where(u => u.ParentId == UnitId)];
        return true;
    }
}
