using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>Submit for review; with <see cref="PublishOnApproval"/> (the default) it goes on the storefront once approved.</summary>
public sealed record SubmitListingRequest(bool? PublishOnApproval);

/// <summary>
/// The supplier's moves in the status machine: submit (Draft or Rejected → Submitted, straight on when the supplier is
/// trusted), publish (Approved or Unlisted → Published) and unlist (Published → Unlisted). Submitting and publishing
/// need the supplier certified today.
/// </summary>
public sealed class ChangeListingStatus(OwnListings own, ReadSupplierListings read, IStringLocalizer<SharedResource> l)
{
    public Task<ListingOutcome<SupplierListingDetail>> SubmitAsync(
        Guid supplierId, Guid listingId, SubmitListingRequest? request, int? expectedRevision, CancellationToken cancellationToken = default) =>
        ChangeAsync(supplierId, listingId, ListingAction.Submit, expectedRevision, (listing, autoApprove) =>
            listing.Submit(request?.PublishOnApproval ?? true, autoApprove, own.Now), cancellationToken);

    public Task<ListingOutcome<SupplierListingDetail>> PublishAsync(Guid supplierId, Guid listingId, int? expectedRevision, CancellationToken cancellationToken = default) =>
        ChangeAsync(supplierId, listingId, ListingAction.Publish, expectedRevision, (listing, _) => listing.Publish(own.Now), cancellationToken);

    public Task<ListingOutcome<SupplierListingDetail>> UnlistAsync(Guid supplierId, Guid listingId, int? expectedRevision, CancellationToken cancellationToken = default) =>
        ChangeAsync(supplierId, listingId, ListingAction.Unlist, expectedRevision, (listing, _) => listing.Unlist(own.Now), cancellationToken);

    private async Task<ListingOutcome<SupplierListingDetail>> ChangeAsync(
        Guid supplierId, Guid listingId, ListingAction action, int? expectedRevision, Action<Listing, bool> change, CancellationToken cancellationToken)
    {
        if (await own.FindAsync(supplierId, listingId, cancellationToken) is not { } listing)
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.NotFound);
        }

        if (!OwnListings.Matches(listing, expectedRevision))
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.PreconditionFailed, own.RevisionChanged(listing));
        }

        var autoApprove = false;
        if (action is ListingAction.Submit or ListingAction.Publish)
        {
            var (application, problem) = await own.CertifiedAsync(supplierId, cancellationToken);
            if (application is null)
            {
                return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.Conflict, problem);
            }

            autoApprove = application.AutoApproveListings;
        }

        var status = listing.Status;
        try
        {
            change(listing, autoApprove);
        }
        catch (CatalogRuleException exception)
        {
            return ListingRuleMessages.Outcome<SupplierListingDetail>(exception, status, l, "status");
        }

        var saved = await own.SaveAsync(() => listing, cancellationToken);
        return saved.Succeeded
            ? ListingOutcome<SupplierListingDetail>.Ok(SupplierListingDetail.Of(listing, await read.ImagesAsync(listing, cancellationToken)))
            : saved.As<SupplierListingDetail>();
    }
}
