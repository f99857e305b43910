using System.Globalization;
using Marketplace.Core.Catalog;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

public sealed record StockImportResult(int Rows, int Listings);

/// <summary>
/// Sets stock from a sheet of product code, SKU code and stock. Like the listing import it checks every line first
/// and writes nothing when one is bad; stock never needs review.
/// </summary>
public sealed class ImportStock(OwnListings own, IStringLocalizer<SharedResource> l)
{
    public async Task<ListingOutcome<StockImportResult>> HandleAsync(Guid supplierId, ImportSheetRequest request, CancellationToken cancellationToken = default)
    {
        if (await own.SupplierAsync(supplierId, cancellationToken) is null)
        {
            return ListingOutcome<StockImportResult>.Fail(ListingFailure.NotFound);
        }

        if (SheetUpload.Check<StockImportResult>(request, l) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<SheetRow> rows;
        try
        {
            rows = Sheet.Read(request.Content, ListingSheet.StockColumns);
        }
        catch (SheetFormatException exception)
        {
            return SheetUpload.Malformed<StockImportResult>(exception, l);
        }

        var listings = await own.Db.Listings.Include(x => x.Skus).Where(x => x.SupplierId == supplierId).ToDictionaryAsync(x => x.ProductCode, cancellationToken);
        var errors = new List<SheetLineError>();
        var changes = new List<(Listing Listing, string SkuCode, int Stock)>();
        var seen = new Dictionary<(string, string), int>();
        string productHeader = ListingSheet.Header(ListingSheet.ProductCode), skuHeader = ListingSheet.Header(ListingSheet.SkuCode),
            stockHeader = ListingSheet.Header(ListingSheet.Stock);
        foreach (var row in rows)
        {
            var (productCode, skuCode, stockText) = (row[0], row[1], row[2]);
            if (!listings.TryGetValue(productCode, out var listing))
            {
                errors.Add(new(row.Line, productHeader, l["Import.UnknownProduct", productCode]));
            }
            else if (listing.Skus.All(s => s.Code != skuCode))
            {
                errors.Add(new(row.Line, skuHeader, l["Import.UnknownSku", skuCode]));
            }
            else if (seen.TryGetValue((productCode, skuCode), out var firstLine))
            {
                errors.Add(new(row.Line, skuHeader, l["Import.DuplicateSku", firstLine]));
            }

            seen.TryAdd((productCode, skuCode), row.Line);
            if (!int.TryParse(stockText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var stock) || stock is < 0 or > ListingSku.MaxStock)
            {
                errors.Add(new(row.Line, stockHeader, l["Validation.Range", stockHeader, 0, ListingSku.MaxStock]));
            }
            else if (listing is not null)
            {
                changes.Add((listing, skuCode, stock));
            }
        }

        if (errors.Count > 0)
        {
            return SheetUpload.BadLines<StockImportResult>(errors, l);
        }

        var now = own.Now;
        foreach (var (listing, skuCode, stock) in changes)
        {
            listing.SetStock(skuCode, stock, now);
        }

        return await own.SaveAsync(() => new StockImportResult(rows.Count, changes.Select(c => c.Listing.Id).Distinct().Count()), cancellationToken);
    }
}
