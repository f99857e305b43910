using System.Text.RegularExpressions;
using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>An uploaded listing sheet (CSV or xlsx), read into memory (at most <see cref="Sheet.MaxBytes"/>).</summary>
public sealed record ImportSheetRequest(string FileName, byte[] Content);

public sealed record ListingImportResult(int Rows, int Created, int Updated, int SentToReview);

/// <summary>
/// Creates or updates the supplier's listings from a sheet, matched by product code; a listing's SKUs become exactly
/// the file's rows for it. Every row is checked first and any bad cell imports nothing: the answer lists each bad
/// cell by line and column. A good file is applied in one transaction (one save).
/// </summary>
public sealed partial class ImportListings(
    OwnListings own, IValidator<CreateListingRequest> validator, IOptions<CatalogOptions> options, IStringLocalizer<SharedResource> l)
{
    private static readonly Dictionary<string, SheetColumn> DetailColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ProductCode"] = ListingSheet.ProductCode,
        ["Name"] = ListingSheet.Name,
        ["Brand"] = ListingSheet.Brand,
        ["Category"] = ListingSheet.Category,
        ["Description"] = ListingSheet.Description,
        ["MinimumOrderQuantity"] = ListingSheet.MinimumOrderQuantity,
        ["ShelfLifeDays"] = ListingSheet.ShelfLifeDays,
        ["ShippingRegions"] = ListingSheet.ShippingRegions,
    };

    private static readonly Dictionary<string, SheetColumn> SkuColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Code"] = ListingSheet.SkuCode,
        ["Spec"] = ListingSheet.Spec,
        ["WeightGrams"] = ListingSheet.WeightGrams,
        ["BoxSize"] = ListingSheet.BoxSize,
        ["GarmentSize"] = ListingSheet.GarmentSize,
        ["PriceFen"] = ListingSheet.Price,
        ["ReferencePriceFen"] = ListingSheet.ReferencePrice,
        ["Stock"] = ListingSheet.Stock,
        ["LeadTimeDays"] = ListingSheet.LeadTimeDays,
        ["VolumeTiers"] = ListingSheet.Tiers,
        ["IsActive"] = ListingSheet.Active,
    };

    public async Task<ListingOutcome<ListingImportResult>> HandleAsync(Guid supplierId, ImportSheetRequest request, CancellationToken cancellationToken = default)
    {
        if (await own.SupplierAsync(supplierId, cancellationToken) is not { } supplier)
        {
            return ListingOutcome<ListingImportResult>.Fail(ListingFailure.NotFound);
        }

        if (SheetUpload.Check<ListingImportResult>(request, l) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<SheetRow> rows;
        try
        {
            rows = Sheet.Read(request.Content, ListingSheet.Columns);
        }
        catch (SheetFormatException exception)
        {
            return SheetUpload.Malformed<ListingImportResult>(exception, l);
        }

        var errors = new List<SheetLineError>();
        var lines = ListingSheet.Parse(rows, l, errors);
        var products = new List<(ListingSheetLine First, CreateListingRequest Request)>();
        foreach (var group in lines.GroupBy(x => x.Details.ProductCode?.Trim() ?? "\0" + x.Line))
        {
            var first = group.First();
            foreach (var other in group.Skip(1).Where(x => x.Details != first.Details))
            {
                errors.Add(new(other.Line, ListingSheet.Header(ListingSheet.ProductCode), l["Import.DetailsDiffer", first.Line]));
            }

            var d = first.Details;
            var create = new CreateListingRequest(
                d.ProductCode, d.Name, d.Brand, d.Category, d.Description, d.MinimumOrderQuantity, d.ShelfLifeDays, d.ShippingRegions,
                [.. group.Select(x => x.Sku)]);
            var lineList = group.ToList();
            foreach (var failure in (await validator.ValidateAsync(create, cancellationToken)).Errors)
            {
                errors.Add(Locate(failure.PropertyName, failure.ErrorMessage, lineList));
            }

            products.Add((first, create));
        }

        var existing = await own.Db.Listings.Include(x => x.Skus).Where(x => x.SupplierId == supplierId).ToDictionaryAsync(x => x.ProductCode, cancellationToken);
        var (application, notCertified) = await own.CertifiedAsync(supplierId, cancellationToken);
        if (application is null && products.Any(p => !existing.ContainsKey(p.Request.ProductCode?.Trim() ?? "")))
        {
            return ListingOutcome<ListingImportResult>.Fail(ListingFailure.Conflict, notCertified);
        }

        if (errors.Count > 0)
        {
            return SheetUpload.BadLines<ListingImportResult>(errors, l);
        }

        var now = own.Now;
        var autoApprove = application?.AutoApproveListings ?? await own.AutoApproveAsync(supplierId, cancellationToken);
        int created = 0, updated = 0, toReview = 0;
        foreach (var (first, create) in products)
        {
            var drafts = create.Skus!.Select(s => s.ToDraft()).ToList();
            try
            {
                if (existing.TryGetValue(create.ProductCode!.Trim(), out var listing))
                {
                    var detailsToReview = listing.UpdateDetails(create.ToDetails(), autoApprove, now);
                    var skusToReview = listing.SetSkus(drafts, options.Value.PriceRaiseReviewPercent, autoApprove, now);
                    toReview += detailsToReview || skusToReview ? 1 : 0;
                    updated++;
                }
                else
                {
                    own.Db.Listings.Add(Listing.Create(supplier, application!.CountyCode, create.ToDetails(), drafts, now));
                    created++;
                }
            }
            catch (CatalogRuleException exception)
            {
                own.Db.ChangeTracker.Clear();
                var message = ListingRuleMessages.Outcome<bool>(exception, ListingStatus.Draft, l, "skus");
                return SheetUpload.BadLines<ListingImportResult>([new(first.Line, ListingSheet.Header(ListingSheet.ProductCode), message.Detail ?? "")], l);
            }
        }

        // One save is one transaction: every listing of the file, or none.
        return await own.SaveAsync(() => new ListingImportResult(lines.Count, created, updated, toReview), cancellationToken);
    }

    /// <summary>Where a validation failure of a product sits in the sheet: "Skus[2].PriceFen" is the price cell of the product's third line.</summary>
    private SheetLineError Locate(string property, string message, IReadOnlyList<ListingSheetLine> lines)
    {
        var match = SkuProperty().Match(property);
        if (match.Success)
        {
            var line = lines[Math.Min(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), lines.Count - 1)];
            var column = SkuColumns.GetValueOrDefault(match.Groups[2].Value.Split('[')[0], ListingSheet.SkuCode);
            return new(line.Line, ListingSheet.Header(column), message);
        }

        var detail = DetailColumns.GetValueOrDefault(property, ListingSheet.SkuCode);
        return new(lines[0].Line, ListingSheet.Header(detail), message);
    }

    [GeneratedRegex(@"^skus\[(\d+)\]\.?(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SkuProperty();
}
