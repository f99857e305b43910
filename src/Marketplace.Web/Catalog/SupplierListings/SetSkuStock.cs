using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>The stock of one SKU; never needs review.</summary>
public sealed record SetSkuStockRequest(int? Stock);

internal sealed class SetSkuStockRequestValidator : AbstractValidator<SetSkuStockRequest>
{
    public SetSkuStockRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.Stock).NotNull().WithMessage(_ => l["Validation.Required", l["Sku.Stock"]])
            .InclusiveBetween(0, ListingSku.MaxStock).WithMessage(_ => l["Validation.Range", l["Sku.Stock"], 0, ListingSku.MaxStock]);
}

public sealed class SetSkuStock(OwnListings own)
{
    public async Task<ListingOutcome<SkuResponse>> HandleAsync(
        Guid supplierId, Guid listingId, string skuCode, SetSkuStockRequest request, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        if (await own.FindAsync(supplierId, listingId, cancellationToken) is not { } listing
            || listing.Skus.SingleOrDefault(s => s.Code == skuCode.Trim()) is not { } sku)
        {
            return ListingOutcome<SkuResponse>.Fail(ListingFailure.NotFound);
        }

        if (!OwnListings.Matches(listing, expectedRevision))
        {
            return ListingOutcome<SkuResponse>.Fail(ListingFailure.PreconditionFailed, own.RevisionChanged(listing));
        }

        listing.SetStock(sku.Code, request.Stock!.Value, own.Now);
        return await own.SaveAsync(() => SkuResponse.Of(sku), cancellationToken);
    }
}
