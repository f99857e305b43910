using FluentValidation;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>The unit admin's member list of their own unit: members with roles, open invitations, invite, roster import.</summary>
[Authorize(Policy = UnitAdminOfRouteUnitRequirement.Policy)]
[RequestSizeLimit(ImportRosterRequest.MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ImportRosterRequest.MaxBytes + (64 * 1024))]
public sealed class MembersModel(
    ListMembers list, InviteEmployee invite, ImportRoster import, IValidator<InviteEmployeeRequest> inviteValidator,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public UnitMembersResponse? Unit { get; private set; }

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>The bad lines of the last upload, each with its reasons; nothing was imported.</summary>
    public IReadOnlyDictionary<string, string[]> RosterErrors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var request = new InviteEmployeeRequest(Invite.Name, Invite.EmployeeNumber, Invite.Email, Invite.Department);
        ModelState.Clear();
        var validation = await inviteValidator.ValidateAsync(request, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError("Invite." + error.PropertyName, error.ErrorMessage);
        }

        if (validation.IsValid && UnitId is { } unitId)
        {
            var outcome = await invite.HandleAsync(unitId, request, HttpContext, cancellationToken);
            if (outcome.Failure == InviteFailure.None)
            {
                StatusMessage = localizer["Invite.Sent", outcome.Invitation!.Email!];
                return RedirectToPage();
            }

            ModelState.AddModelError("Invite.Email", localizer["Invite.EmailInUse", request.Email!]);
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? roster, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (roster is null || roster.Length == 0)
        {
            ModelState.AddModelError(string.Empty, localizer["Roster.Empty"]);
        }
        else if (UnitId is { } unitId)
        {
            using var buffer = new MemoryStream();
            await roster.CopyToAsync(buffer, cancellationToken);
            var outcome = await import.HandleAsync(unitId, new ImportRosterRequest(roster.FileName, roster.ContentType, buffer.ToArray()), HttpContext, cancellationToken);
            switch (outcome.Failure)
            {
                case RosterFailure.None:
                    StatusMessage = localizer["Roster.Imported", outcome.Imported!.Invited, outcome.Imported.Emailed, outcome.Imported.PhoneOnly];
                    return RedirectToPage();
                case RosterFailure.InvalidLines:
                    ModelState.AddModelError(string.Empty, localizer["Roster.NothingImported"]);
                    RosterErrors = outcome.LineErrors!;
                    break;
                default:
                    ModelState.AddModelError(string.Empty, outcome.Detail ?? localizer["Roster.NothingImported"]);
                    break;
            }
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private Guid? UnitId => User.GetOrganizationId();

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Unit = UnitId is { } unitId ? await list.HandleAsync(unitId, cancellationToken) : null;
        return Unit is not null;
    }

    public sealed class InviteInput
    {
        public string? Name { get; set; }

        public string? EmployeeNumber { get; set; }

        public string? Email { get; set; }

        public string? Department { get; set; }
    }
}
