using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.ListingReview;

/// <summary>What an operator decides about a submitted listing.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ListingDecision>))]
public enum ListingDecision
{
    Approve,
    Reject,
}

/// <summary>An operator's decision; a rejection needs the reason the supplier will read.</summary>
public sealed record ReviewListingRequest(ListingDecision? Decision, string? Reason);

public enum ListingReviewFailure
{
    None,
    NotFound,
    SupplierNotCertified,
    NotAllowed,
    Conflict,
}

public sealed record ListingReviewOutcome(ListingReviewFailure Failure, string? Detail = null);

internal sealed class ReviewListingRequestValidator : AbstractValidator<ReviewListingRequest>
{
    public ReviewListingRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Decision).NotNull().WithMessage(_ => l["Validation.Required", l["Review.Decision"]]).IsInEnum();
        When(r => r.Decision == ListingDecision.Reject, () =>
            RuleFor(r => r.Reason).Required(l, "Review.Reason")
                .Must(reason => reason!.Trim().Length is > 0 and <= Listing.ReasonMaxLength)
                .WithMessage(_ => l["Validation.MaxLength", l["Review.Reason"], Listing.ReasonMaxLength]));
    }
}

/// <summary>
/// An operator approves or rejects a submitted listing. Only a listing of a supplier certified today is approved. The
/// decision and its audit entry are saved together; a decision that raced another one (the listing's revision moved)
/// is refused, never half-applied.
/// </summary>
public sealed class ReviewListing(
    MarketplaceDbContext db, AuditLog audit, SupplierCertification certification, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<ListingReviewOutcome> HandleAsync(Guid listingId, ReviewListingRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var listing = await db.Listings.Include(l => l.Skus).SingleOrDefaultAsync(l => l.Id == listingId, cancellationToken);
        if (listing is null)
        {
            return new(ListingReviewFailure.NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var decision = request.Decision!.Value;
        var action = decision == ListingDecision.Approve ? ListingAction.Approve : ListingAction.Reject;
        if (!Listing.Allows(listing.Status, action))
        {
            return NotAllowed(decision, listing.Status);
        }

        if (decision == ListingDecision.Approve && !await certification.IsCertifiedAsync(listing.SupplierId, now, cancellationToken))
        {
            return new(ListingReviewFailure.SupplierNotCertified, l["ListingReview.SupplierNotCertified"]);
        }

        var reviewer = AuditActors.Of(context);
        var raises = listing.Skus.Where(s => s.ApprovedPriceFen is { } approved && approved != s.PriceFen)
            .Select(s => new { s.Code, approvedPriceFen = s.ApprovedPriceFen, priceFen = s.PriceFen }).ToList();
        try
        {
            if (decision == ListingDecision.Approve)
            {
                listing.Approve(reviewer.UserId, now);
            }
            else
            {
                listing.Reject(request.Reason!, reviewer.UserId!.Value, now);
            }
        }
        catch (CatalogRuleException exception) when (exception.Rule == CatalogRule.NoActiveSku)
        {
            return new(ListingReviewFailure.NotAllowed, l["ListingReview.NoActiveSku"]);
        }

        audit.Append(reviewer, decision == ListingDecision.Approve ? AuditActions.ListingApproved : AuditActions.ListingRejected,
            AuditSubjects.Listing, listing.Id.ToString(), new
            {
                supplierId = listing.SupplierId,
                listing.ProductCode,
                status = listing.Status.ToString(),
                reason = listing.RejectionReason,
                priceChanges = raises,
            });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(ListingReviewFailure.Conflict, l["ListingReview.Changed"]);
        }

        return new(ListingReviewFailure.None);
    }

    private ListingReviewOutcome NotAllowed(ListingDecision decision, ListingStatus status) =>
        new(ListingReviewFailure.NotAllowed, l["ListingReview.NotAllowed", l["Review.Decision." + decision], l["ListingReview.Status." + status]]);
}
