using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>A new listing: its details and its SKUs (money in fen). It starts as a draft.</summary>
public sealed record CreateListingRequest(
    string? ProductCode,
    string? Name,
    string? Brand,
    ProductCategory? Category,
    string? Description,
    int? MinimumOrderQuantity,
    int? ShelfLifeDays,
    string? ShippingRegions,
    IReadOnlyList<SkuInput>? Skus) : IListingDetailsInput, ISkusInput;

internal sealed class CreateListingRequestValidator : AbstractValidator<CreateListingRequest>
{
    public CreateListingRequestValidator(IStringLocalizer<SharedResource> l)
    {
        Include(new ListingDetailsValidator<CreateListingRequest>(l));
        Include(new SkuListValidator<CreateListingRequest>(l));
    }
}

/// <summary>
/// Creates a draft listing. Only a supplier certified today may create one; its county of origin is the county of the
/// supplier's certification.
/// </summary>
public sealed class CreateListing(OwnListings own, IStringLocalizer<SharedResource> l)
{
    public async Task<ListingOutcome<SupplierListingDetail>> HandleAsync(Guid supplierId, CreateListingRequest request, CancellationToken cancellationToken = default)
    {
        if (await own.SupplierAsync(supplierId, cancellationToken) is not { } supplier)
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.NotFound);
        }

        var (application, problem) = await own.CertifiedAsync(supplierId, cancellationToken);
        if (application is null)
        {
            return ListingOutcome<SupplierListingDetail>.Fail(ListingFailure.Conflict, problem);
        }

        if (await own.ProductCodeInUseAsync(supplierId, request.ProductCode!, null, cancellationToken))
        {
            return ListingOutcome<SupplierListingDetail>.Invalid("productCode", l["Listing.ProductCodeInUse"]);
        }

        Listing listing;
        try
        {
            listing = Listing.Create(supplier, application.CountyCode, request.ToDetails(), [.. request.Skus!.Select(s => s.ToDraft())], own.Now);
        }
        catch (CatalogRuleException exception)
        {
            return ListingRuleMessages.Outcome<SupplierListingDetail>(exception, ListingStatus.Draft, l, "skus");
        }

        own.Db.Listings.Add(listing);
        return await own.SaveAsync(() => SupplierListingDetail.Of(listing, []), cancellationToken);
    }
}
