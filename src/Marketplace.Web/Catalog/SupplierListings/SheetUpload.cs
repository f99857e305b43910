using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>The checks and answers that the listing and the stock import share.</summary>
internal static class SheetUpload
{
    public static ListingOutcome<T>? Check<T>(ImportSheetRequest request, IStringLocalizer<SharedResource> l) =>
        request.Content.LongLength > Sheet.MaxBytes ? ListingOutcome<T>.Fail(ListingFailure.TooLarge, l["Import.TooLarge", Sheet.MaxBytes / 1024 / 1024])
        : request.Content.Length == 0 ? ListingOutcome<T>.Invalid("file", l["Import.Empty"])
        : null;

    public static ListingOutcome<T> Malformed<T>(SheetFormatException exception, IStringLocalizer<SharedResource> l)
    {
        var message = exception.Message switch
        {
            var m when m.StartsWith("missing:", StringComparison.Ordinal) => l["Import.MissingColumns", m["missing:".Length..]],
            "rows" => l["Import.TooManyRows", Sheet.MaxRows],
            "empty" => l["Import.Empty"],
            _ => l["Import.Unreadable"],
        };
        return ListingOutcome<T>.Invalid("file", message);
    }

    public static ListingOutcome<T> BadLines<T>(IEnumerable<SheetLineError> errors, IStringLocalizer<SharedResource> l) =>
        new(default, ListingFailure.Invalid, l["Import.NothingImported"], null, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column, StringComparer.Ordinal)]);
}
