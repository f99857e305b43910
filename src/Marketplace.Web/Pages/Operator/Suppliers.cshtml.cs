using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.ListingReview;
using Marketplace.Web.Localization;
using Marketplace.Web.Suppliers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>The operators' supplier review queue: applications with details and evidence; approve, reject, suspend, reinstate; trust a supplier's listings to skip review.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class SuppliersModel(
    ListSuppliers list, ReviewSupplier review, IValidator<ReviewSupplierRequest> validator, MarketplaceDbContext db,
    SetAutoApproveListings autoApprove, IStringLocalizer<SharedResource> localizer, TimeProvider clock) : PageModel
{
    public IReadOnlyList<SupplierSummary> Suppliers { get; private set; } = [];

    /// <summary>China's today, for the default validity of an approval (this year and the next).</summary>
    public DateOnly Today => ChinaCalendar.Today(clock);

    public ILookup<Guid, EvidenceFileResponse> Evidence { get; private set; } = Array.Empty<EvidenceFileResponse>().ToLookup(_ => Guid.Empty);

    /// <summary>The suppliers whose listings skip review.</summary>
    public IReadOnlySet<Guid> AutoApproved { get; private set; } = new HashSet<Guid>();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReviewAsync(
        Guid supplierId, ReviewDecision? decision, DateOnly? validFrom, DateOnly? validTo, string? reason, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var request = new ReviewSupplierRequest(decision, validFrom, validTo, reason);
        var validation = await validator.ValidateAsync(request, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError(string.Empty, error.ErrorMessage);
        }

        if (validation.IsValid)
        {
            var outcome = await review.HandleAsync(supplierId, request, HttpContext, cancellationToken);
            if (outcome.Failure == ReviewFailure.None)
            {
                StatusMessage = localizer["Review.Done", outcome.Supplier!.Name, localizer["Certification." + outcome.Supplier.Status]];
                return RedirectToPage();
            }

            if (outcome.Failure == ReviewFailure.NotFound)
            {
                return NotFound();
            }

            ModelState.AddModelError(string.Empty, outcome.Detail ?? "");
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAutoApproveAsync(Guid supplierId, bool autoApproveListings, CancellationToken cancellationToken)
    {
        var result = await autoApprove.HandleAsync(supplierId, new SetAutoApproveListingsRequest(autoApproveListings), HttpContext, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        var name = await db.Organizations.Where(o => o.Id == supplierId).Select(o => o.Name).SingleAsync(cancellationToken);
        StatusMessage = localizer[result.AutoApproveListings ? "ListingReview.AutoApprove.Done.On" : "ListingReview.AutoApprove.Done.Off", name];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Suppliers = await list.HandleAsync(cancellationToken);
        var files = await db.EvidenceFiles.AsNoTracking().ToListAsync(cancellationToken);
        AutoApproved = (await db.SupplierApplications.Where(a => a.AutoApproveListings).Select(a => a.OrganizationId).ToListAsync(cancellationToken)).ToHashSet();
        Evidence = files.OrderByDescending(f => f.UploadedAt).ToLookup(f => f.SupplierId, UploadEvidence.Response);
    }
}
