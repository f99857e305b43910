using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>The listing's SKUs, all of them: matched by code, missing ones removed.</summary>
public sealed record SetListingSkusRequest(IReadOnlyList<SkuInput>? Skus) : ISkusInput;

internal sealed class SetListingSkusRequestValidator : AbstractValidator<SetListingSkusRequest>
{
    public SetListingSkusRequestValidator(IStringLocalizer<SharedResource> l) => Include(new SkuListValidator<SetListingSkusRequest>(l));
}

/// <summary>
/// Replaces the SKUs. On a live listing a new SKU or a price raise above <see cref="CatalogOptions.PriceRaiseReviewPercent"/>
/// sends it back to review, unless the supplier's listings are approved automatically.
/// </summary>
public sealed class SetListingSkus(OwnListings own, ReadSupplierListings read, IOptions<CatalogOptions> options, IStringLocalizer<SharedResource> l)
{
    public async Task<ListingOutcome<SupplierListingDetail>> HandleAsync(
        Guid supplierId, Guid listingId, SetListingSkusRequest request, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        if (await own.FindAsync(supplierId, listingId, cancellationToken) is not { } listing)
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.NotFound);
        }

        if (!OwnListings.Matches(listing, expectedRevision))
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.PreconditionFailed, own.RevisionChanged(listing));
        }

        var autoApprove = await own.AutoApproveAsync(supplierId, cancellationToken);
        try
        {
            listing.SetSkus([.. request.Skus!.Select(s => s.ToDraft())], options.Value.PriceRaiseReviewPercent, autoApprove, own.Now);
        }
        catch (CatalogRuleException exception)
        {
            return ListingRuleMessages.Outcome<SupplierListingDetail>(exception, listing.Status, l, "skus");
        }

        var saved = await own.SaveAsync(() => listing, cancellationToken);
        return saved.Succeeded
            ? ListingOutcome<SupplierListingDetail>.Ok(SupplierListingDetail.Of(listing, await read.ImagesAsync(listing, cancellationToken)))
            : saved.As<SupplierListingDetail>();
    }
}
