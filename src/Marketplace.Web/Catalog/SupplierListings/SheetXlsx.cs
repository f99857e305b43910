using System.Globalization;
using MiniExcelLibs;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>xlsx sheets through MiniExcel: the first worksheet, read row by row (no more than the row limit is kept).</summary>
internal static class SheetXlsx
{
    public static IEnumerable<(int Line, string[] Fields)> Lines(byte[] content, int maxRows)
    {
        var lines = new List<(int, string[])>();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var line = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                line++;
                lines.Add((line, [.. row.Values.Select(Text)]));
                if (lines.Count > maxRows + 1)
                {
                    throw new SheetFormatException("rows");
                }
            }
        }
        catch (Exception exception) when (exception is not SheetFormatException)
        {
            // A damaged archive or workbook surfaces as whatever the zip or XML reader threw.
            throw new SheetFormatException("xlsx");
        }

        return lines;
    }

    /// <summary>
    /// A cell as text. A number cell comes back as a double; its shortest round-trip form is the decimal text the
    /// workbook stores, so "65.1" stays "65.1" and money is then parsed from text.
    /// </summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static byte[] Write(IReadOnlyList<SheetColumn> columns, IEnumerable<object?[]> rows, bool english)
    {
        var headers = columns.Select(c => english ? c.English : c.Chinese).ToArray();
        var records = rows.Select(row => headers.Select((h, i) => (h, row[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
        if (records.Count == 0)
        {
            // MiniExcel takes the header from the first record: an empty sheet still needs one.
            records.Add(headers.ToDictionary(h => h, _ => (object?)null));
        }

        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, records, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }
}
