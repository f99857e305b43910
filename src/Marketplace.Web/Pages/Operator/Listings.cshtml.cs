using System.Globalization;
using FluentValidation;
using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.ListingReview;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Operator;

/// <summary>The operators' listing review queue: each submitted listing with its SKUs, price raises and images; approve or reject with a reason.</summary>
[Authorize(Policy = MarketplacePolicies.Operator)]
public sealed class ListingsModel(
    ReviewQueue queue, ListingForReview listings, ReviewListing review, IValidator<ReviewListingRequest> validator,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public ReviewQueuePage Queue { get; private set; } = new([], 0, 0, ReviewQueue.DefaultLimit);

    /// <summary>Each queued listing in full, by id.</summary>
    public IReadOnlyDictionary<Guid, OperatorListingResponse> Details { get; private set; } = new Dictionary<Guid, OperatorListingResponse>();

    [TempData]
    public string? StatusMessage { get; set; }

    public static string Yuan(long fen) => "¥" + (fen / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>The change over the approved price in whole percent; none for a new SKU.</summary>
    public static long? ChangePercent(PriceChange change) =>
        change.ApprovedPriceFen is { } approved and > 0 ? (change.PriceFen - approved) * 100 / approved : null;

    /// <summary>What buyers pay over the reference market price, in whole percent (overpricing is what buyers complain of most).</summary>
    public static long? PremiumPercent(ReviewSkuResponse sku) =>
        sku.ReferencePriceFen is { } reference and > 0 ? (sku.PriceFen - reference) * 100 / reference : null;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReviewAsync(Guid listingId, ListingDecision? decision, string? reason, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var request = new ReviewListingRequest(decision, reason);
        var validation = await validator.ValidateAsync(request, cancellationToken);
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError(string.Empty, error.ErrorMessage);
        }

        if (validation.IsValid)
        {
            var outcome = await review.HandleAsync(listingId, request, HttpContext, cancellationToken);
            if (outcome.Failure == ListingReviewFailure.None)
            {
                var listing = await listings.FindAsync(listingId, cancellationToken);
                StatusMessage = localizer["Review.Done", listing!.Name, localizer["ListingReview.Status." + listing.Status]];
                return RedirectToPage();
            }

            if (outcome.Failure == ListingReviewFailure.NotFound)
            {
                return NotFound();
            }

            ModelState.AddModelError(string.Empty, outcome.Detail ?? "");
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Queue = await queue.HandleAsync(0, ReviewQueue.MaxLimit, cancellationToken);
        var details = new Dictionary<Guid, OperatorListingResponse>();
        foreach (var item in Queue.Items)
        {
            if (await listings.FindAsync(item.ListingId, cancellationToken) is { } listing)
            {
                details[item.ListingId] = listing;
            }
        }

        Details = details;
    }
}
