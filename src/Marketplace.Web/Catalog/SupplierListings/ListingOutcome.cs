using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>Why a change to a supplier's listing was not made.</summary>
public enum ListingFailure
{
    None,

    /// <summary>No such listing (or image, or SKU) of this supplier: 404.</summary>
    NotFound,

    /// <summary>Bad input, keyed by field: 400.</summary>
    Invalid,

    /// <summary>Not allowed in the listing's status, or someone else changed it meanwhile: 409.</summary>
    Conflict,

    /// <summary>If-Match named another revision: 412.</summary>
    PreconditionFailed,

    /// <summary>The file is not an image of a known kind: 415.</summary>
    UnsupportedMediaType,

    /// <summary>The upload is larger than allowed: 413.</summary>
    TooLarge,
}

/// <summary>The result of a supplier's listing operation, or why it failed; the API and the pages read the same.</summary>
public sealed record ListingOutcome<T>(
    T? Value, ListingFailure Failure, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null, IReadOnlyList<SheetLineError>? LineErrors = null)
{
    public bool Succeeded => Failure == ListingFailure.None;

    public static ListingOutcome<T> Ok(T value) => new(value, ListingFailure.None);

    public static ListingOutcome<T> Fail(ListingFailure failure, string? detail = null) => new(default, failure, detail);

    public static ListingOutcome<T> Invalid(string field, string message) =>
        new(default, ListingFailure.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    public ListingOutcome<TOther> As<TOther>() => new(default, Failure, Detail, Errors, LineErrors);
}

public static class ListingRuleMessages
{
    /// <summary>
    /// A catalog rule the request's shape could not show (the status, the SKUs taken together) as a localized
    /// outcome: a status rule is a conflict, the rest are field errors under <paramref name="field"/>.
    /// </summary>
    public static ListingOutcome<T> Outcome<T>(CatalogRuleException exception, ListingStatus status, IStringLocalizer<SharedResource> l, string field) =>
        exception.Rule switch
        {
            CatalogRule.NotAllowedInStatus => ListingOutcome<T>.Fail(ListingFailure.Conflict, l["Listing.NotAllowed", l["ListingStatus." + status]]),
            CatalogRule.NoActiveSku => ListingOutcome<T>.Fail(ListingFailure.Conflict, l["Listing.NoActiveSku"]),
            CatalogRule.TooManyImages => ListingOutcome<T>.Fail(ListingFailure.Conflict, l["Listing.TooManyImages", Listing.MaxImages]),
            CatalogRule.DuplicateSkuCode => ListingOutcome<T>.Invalid("skus", l["Listing.DuplicateSkuCode"]),
            CatalogRule.InvalidVolumeTiers => ListingOutcome<T>.Invalid("skus", l["Listing.InvalidTiers"]),
            CatalogRule.SkuWithoutSize => ListingOutcome<T>.Invalid("skus", l["Listing.SkuWithoutSize"]),
            _ => ListingOutcome<T>.Invalid(field, l["Listing.OutOfRange"]),
        };
}

/// <summary>What is wrong in one cell of an imported sheet: its line (the header is line 1), its column header, why.</summary>
public sealed record SheetLineError(int Line, string Column, string Message);
