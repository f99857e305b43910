using Marketplace.Core.Catalog;
using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Supplier;

/// <summary>The supplier's own listings with their status, and the submit, publish and unlist buttons.</summary>
[Authorize(Policy = MarketplacePolicies.SupplierMember)]
public sealed class ListingsModel(ReadSupplierListings read, ChangeListingStatus change, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<SupplierListingSummary> Listings { get; private set; } = [];

    public Guid SupplierId => User.GetOrganizationId() ?? Guid.Empty;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Listings = await read.ListAsync(SupplierId, cancellationToken);

    public Task<IActionResult> OnPostSubmitAsync(Guid listingId, CancellationToken cancellationToken) =>
        AfterAsync(change.SubmitAsync(SupplierId, listingId, new SubmitListingRequest(true), null, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostPublishAsync(Guid listingId, CancellationToken cancellationToken) =>
        AfterAsync(change.PublishAsync(SupplierId, listingId, null, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostUnlistAsync(Guid listingId, CancellationToken cancellationToken) =>
        AfterAsync(change.UnlistAsync(SupplierId, listingId, null, cancellationToken), cancellationToken);

    public static bool Allows(SupplierListingSummary listing, ListingAction action) => Listing.Allows(listing.Status, action);

    private async Task<IActionResult> AfterAsync(Task<ListingOutcome<SupplierListingDetail>> changing, CancellationToken cancellationToken)
    {
        var outcome = await changing;
        if (outcome.Failure == ListingFailure.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            StatusMessage = localizer["Listings.Done", outcome.Value!.Name, localizer["ListingStatus." + outcome.Value.Status]];
            return RedirectToPage();
        }

        ModelState.AddModelError(string.Empty, outcome.Detail ?? string.Join(" ", outcome.Errors?.Values.SelectMany(v => v) ?? []));
        Listings = await read.ListAsync(SupplierId, cancellationToken);
        return Page();
    }
}
