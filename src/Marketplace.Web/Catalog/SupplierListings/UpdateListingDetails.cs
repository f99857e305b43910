using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>New details of a listing; a change buyers read sends a live listing back to review.</summary>
public sealed record UpdateListingDetailsRequest(
    string? ProductCode,
    string? Name,
    string? Brand,
    ProductCategory? Category,
    string? Description,
    int? MinimumOrderQuantity,
    int? ShelfLifeDays,
    string? ShippingRegions) : IListingDetailsInput;

internal sealed class UpdateListingDetailsRequestValidator : AbstractValidator<UpdateListingDetailsRequest>
{
    public UpdateListingDetailsRequestValidator(IStringLocalizer<SharedResource> l) => Include(new ListingDetailsValidator<UpdateListingDetailsRequest>(l));
}

public sealed class UpdateListingDetails(OwnListings own, ReadSupplierListings read, IStringLocalizer<SharedResource> l)
{
    public async Task<ListingOutcome<SupplierListingDetail>> HandleAsync(
        Guid supplierId, Guid listingId, UpdateListingDetailsRequest request, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        if (await own.FindAsync(supplierId, listingId, cancellationToken) is not { } listing)
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.NotFound);
        }

        if (!OwnListings.Matches(listing, expectedRevision))
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.PreconditionFailed, own.RevisionChanged(listing));
        }

        if (await own.ProductCodeInUseAsync(supplierId, request.ProductCode!, listing.Id, cancellationToken))
        {
            return ListingOutcome<SupplierListingDetail>.Invalid("productCode", l["Listing.ProductCodeInUse"]);
        }

        var autoApprove = await own.AutoApproveAsync(supplierId, cancellationToken);
        try
        {
            listing.UpdateDetails(request.ToDetails(), autoApprove, own.Now);
        }
        catch (CatalogRuleException exception)
        {
            return ListingRuleMessages.Outcome<SupplierListingDetail>(exception, listing.Status, l, "name");
        }

        var saved = await own.SaveAsync(() => listing, cancellationToken);
        return saved.Succeeded
            ? ListingOutcome<SupplierListingDetail>.Ok(SupplierListingDetail.Of(listing, await read.ImagesAsync(listing, cancellationToken)))
            : saved.As<SupplierListingDetail>();
    }
}
