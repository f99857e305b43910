using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Catalog.SupplierListings;

public sealed record ExportedSheet(byte[] Content, string ContentType, string FileName);

/// <summary>The supplier's listings as a sheet, one row per SKU, in the form the import reads back.</summary>
public sealed class ExportListings(OwnListings own)
{
    public async Task<ExportedSheet?> HandleAsync(Guid supplierId, SheetFormat format, CancellationToken cancellationToken = default)
    {
        if (await own.SupplierAsync(supplierId, cancellationToken) is null)
        {
            return null;
        }

        var listings = await own.Db.Listings.AsNoTracking().Include(l => l.Skus).Where(l => l.SupplierId == supplierId)
            .OrderBy(l => l.ProductCode).ToListAsync(cancellationToken);
        var rows = listings.SelectMany(l => l.Skus.OrderBy(s => s.Position).Select(s => ListingSheet.Row(l, s))).ToList();
        var content = Sheet.Write(format, ListingSheet.Columns, rows, english: !ListingSheet.InChinese);
        var date = Core.Suppliers.ChinaCalendar.DateOf(own.Now).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return format == SheetFormat.Xlsx
            ? new(content, Sheet.XlsxContentType, $"listings-{date}.xlsx")
            : new(content, "text/csv; charset=utf-8", $"listings-{date}.csv");
    }
}
