using FluentValidation;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Welfare;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>One programme of the unit: its totals, and granting it to every employee or by employee number (typed or a roster CSV).</summary>
[Authorize(Policy = WelfareManagerRequirement.ManagePolicy)]
[RequestSizeLimit(MaxCsvBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MaxCsvBytes + (64 * 1024))]
public sealed class WelfareProgrammeModel(
    WelfareReports reports, GrantWelfare grant, IValidator<GrantWelfareRequest> validator, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const long MaxCsvBytes = 2 * 1024 * 1024;

    public WelfareProgrammeResponse? Programme { get; private set; }

    [BindProperty]
    public bool AllEmployees { get; set; }

    [BindProperty]
    public string? Numbers { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid programmeId, CancellationToken cancellationToken) =>
        await LoadAsync(programmeId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid programmeId, IFormFile? roster, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var numbers = GrantWelfareRequest.ParseNumbers(Numbers).ToList();
        if (roster is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await roster.CopyToAsync(buffer, cancellationToken);
            if (roster.Length > MaxCsvBytes || GrantWelfareRequest.NumbersFromCsv(buffer.ToArray()) is not { } fromFile)
            {
                ModelState.AddModelError(string.Empty, localizer["Welfare.GrantNotCsv"]);
                return await LoadAsync(programmeId, cancellationToken) ? Page() : NotFound();
            }

            numbers.AddRange(fromFile);
        }

        var request = new GrantWelfareRequest(AllEmployees ? true : null, numbers.Count > 0 ? numbers : null);
        var validation = await validator.ValidateAsync(request, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError(string.Empty, error.ErrorMessage);
        }

        if (validation.IsValid && User.GetOrganizationId() is { } unitId)
        {
            var outcome = await grant.HandleAsync(unitId, programmeId, request, HttpContext, cancellationToken);
            switch (outcome.Failure)
            {
                case GrantFailure.None:
                    StatusMessage = localizer["Welfare.GrantedResult", outcome.Result!.Granted, Money.Format(outcome.Result.GrantedFen), outcome.Result.AlreadyGranted];
                    return RedirectToPage(new { programmeId });
                case GrantFailure.NotFound:
                    return NotFound();
                case GrantFailure.Expired:
                    ModelState.AddModelError(string.Empty, localizer["Welfare.ExpiredNoGrant"]);
                    break;
                case GrantFailure.Concurrent:
                    ModelState.AddModelError(string.Empty, localizer["Welfare.GrantRace"]);
                    break;
                default:
                    ModelState.AddModelError(string.Empty, localizer["Welfare.UnknownNumbers", string.Join(", ", outcome.UnknownNumbers)]);
                    break;
            }
        }

        return await LoadAsync(programmeId, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid programmeId, CancellationToken cancellationToken)
    {
        Programme = User.GetOrganizationId() is { } unitId ? await reports.ProgrammeAsync(unitId, programmeId, cancellationToken) : null;
        return Programme is not null;
    }
}
