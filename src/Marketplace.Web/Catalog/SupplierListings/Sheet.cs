namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>A column of an import or export sheet: found by its Chinese or its English header; an optional one may be absent (its cells read as empty).</summary>
public sealed record SheetColumn(string Key, string Chinese, string English, bool Optional = false)
{
    public bool Names(string header)
    {
        var h = header.Trim().TrimStart('\uFEFF');
        return string.Equals(h, Chinese, StringComparison.Ordinal) || string.Equals(h, English, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>One data row: its line in the file (the header is line 1) and its values in the order of the columns asked for.</summary>
public sealed record SheetRow(int Line, IReadOnlyList<string> Values)
{
    public string this[int column] => Values[column];
}

/// <summary>The file as a whole cannot be read (not CSV or xlsx, no header, too many rows): nothing is checked line by line.</summary>
public sealed class SheetFormatException(string message) : Exception(message);

public enum SheetFormat
{
    Csv,
    Xlsx,
}

/// <summary>Reads a CSV or xlsx upload into rows of the wanted columns, and writes rows back in either format.</summary>
public static class Sheet
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5000;

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>An xlsx file is a zip archive; anything else must be UTF-8 CSV.</summary>
    public static SheetFormat FormatOf(ReadOnlySpan<byte> content) => content.StartsWith(Zip) ? SheetFormat.Xlsx : SheetFormat.Csv;

    public static IReadOnlyList<SheetRow> Read(byte[] content, IReadOnlyList<SheetColumn> columns, int maxRows = MaxRows)
    {
        var lines = FormatOf(content) == SheetFormat.Xlsx ? SheetXlsx.Lines(content, maxRows) : SheetCsv.Lines(content, maxRows);
        int[]? positions = null;
        var rows = new List<SheetRow>();
        foreach (var (line, fields) in lines)
        {
            if (IsBlank(fields))
            {
                continue;
            }

            if (positions is null)
            {
                positions = [.. columns.Select(c => Array.FindIndex(fields, c.Names))];
                var missing = columns.Where((c, i) => positions[i] < 0 && !c.Optional).Select(c => c.Chinese).ToList();
                if (missing.Count > 0)
                {
                    throw new SheetFormatException("missing:" + string.Join("、", missing));
                }

                continue;
            }

            if (rows.Count == maxRows)
            {
                throw new SheetFormatException("rows");
            }

            // A loop, not LINQ: a unit order's sheet has 10,000 rows.
            var values = new string[positions.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                var p = positions[i];
                values[i] = p >= 0 && p < fields.Length ? fields[p].Trim() : "";
            }

            rows.Add(new SheetRow(line, values));
        }

        return positions is null ? throw new SheetFormatException("empty") : rows;
    }

    private static bool IsBlank(string[] fields)
    {
        foreach (var field in fields)
        {
            if (!string.IsNullOrWhiteSpace(field))
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] Write(SheetFormat format, IReadOnlyList<SheetColumn> columns, IEnumerable<object?[]> rows, bool english) =>
        format == SheetFormat.Xlsx ? SheetXlsx.Write(columns, rows, english) : SheetCsv.Write(columns, rows, english);
}
