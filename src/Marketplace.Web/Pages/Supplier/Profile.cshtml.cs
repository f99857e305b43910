using FluentValidation;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Suppliers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Supplier;

/// <summary>A supplier's own page: certification status; for its admins, the benefit linkage form and evidence upload.</summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
[RequestSizeLimit(UploadEvidenceRequest.MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = UploadEvidenceRequest.MaxBytes + (64 * 1024))]
public sealed class ProfileModel(
    ListSuppliers list, DeclareBenefitLinkage linkage, UploadEvidence evidence, IValidator<DeclareBenefitLinkageRequest> linkageValidator,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public SupplierSummary? Supplier { get; private set; }

    public BenefitLinkageHistory? Linkage { get; private set; }

    public IReadOnlyList<EvidenceFileResponse> Evidence { get; private set; } = [];

    public bool IsAdmin => User.HasOrganizationRole(OrganizationRole.SupplierAdmin);

    public Guid SupplierId => User.GetOrganizationId() ?? Guid.Empty;

    [BindProperty]
    public LinkageInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Linkage?.Current is { } current)
        {
            Input = new LinkageInput
            {
                Mechanism = current.Mechanism,
                Description = current.Description,
                Households = current.Households,
                People = current.People,
                PovertyAlleviatedPeople = current.PovertyAlleviatedPeople,
                DisabledPeople = current.DisabledPeople,
            };
        }
    }

    public async Task<IActionResult> OnPostLinkageAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        ModelState.Clear();
        var request = new DeclareBenefitLinkageRequest(
            Input.Mechanism, Input.Description, Input.Households, Input.People, Input.PovertyAlleviatedPeople, Input.DisabledPeople, Input.EffectiveFrom);
        var validation = await linkageValidator.ValidateAsync(request, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError("Input." + error.PropertyName, error.ErrorMessage);
        }

        if (validation.IsValid && await linkage.HandleAsync(SupplierId, request, HttpContext, cancellationToken) is not null)
        {
            StatusMessage = localizer["Linkage.Saved"];
            return RedirectToPage();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEvidenceAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        ModelState.Clear();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(string.Empty, localizer["Evidence.Empty"]);
        }
        else if (file.Length > UploadEvidenceRequest.MaxBytes)
        {
            ModelState.AddModelError(string.Empty, localizer["Evidence.TooLarge", UploadEvidenceRequest.MaxBytes / 1024 / 1024]);
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var outcome = await evidence.HandleAsync(SupplierId, new UploadEvidenceRequest(file.FileName, buffer.ToArray()), HttpContext, cancellationToken);
            if (outcome.Failure == EvidenceFailure.None)
            {
                StatusMessage = localizer["Evidence.Uploaded", outcome.File!.FileName];
                return RedirectToPage();
            }

            ModelState.AddModelError(string.Empty, outcome.Detail ?? localizer["Evidence.UnsupportedType"]);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Supplier = await list.FindAsync(SupplierId, cancellationToken);
        Linkage = await linkage.HistoryAsync(SupplierId, cancellationToken);
        Evidence = IsAdmin ? await evidence.ListAsync(SupplierId, cancellationToken) ?? [] : [];
    }

    public sealed class LinkageInput
    {
        public BenefitMechanism? Mechanism { get; set; }

        public string? Description { get; set; }

        public int? Households { get; set; }

        public int? People { get; set; }

        public int? PovertyAlleviatedPeople { get; set; }

        public int? DisabledPeople { get; set; }

        public DateOnly? EffectiveFrom { get; set; }
    }
}
