using System.Globalization;
using System.Text;
using CsvHelper;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>CSV sheets: UTF-8 (a byte order mark is written, so spreadsheet programs read the Chinese right).</summary>
internal static class SheetCsv
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<(int Line, string[] Fields)> Lines(byte[] content, int maxRows)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new SheetFormatException("encoding");
        }

        var options = new CsvReaderOptions
        {
            HasHeader = false,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        var lines = new List<(int, string[])>();
        try
        {
            using var csv = CsvReader.FromText(text, options);
            while (csv.Read())
            {
                var fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i);
                }

                lines.Add((checked((int)csv.LineNumber), fields));
                if (lines.Count > maxRows + 1)
                {
                    throw new SheetFormatException("rows");
                }
            }
        }
        catch (CsvFormatException)
        {
            throw new SheetFormatException("csv");
        }

        return lines;
    }

    public static byte[] Write(IReadOnlyList<SheetColumn> columns, IEnumerable<object?[]> rows, bool english)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true))
        {
            csv.WriteRecord([.. columns.Select(c => english ? c.English : c.Chinese)]);
            foreach (var row in rows)
            {
                csv.WriteRecord([.. row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")]);
            }

            csv.Flush();
        }

        return buffer.ToArray();
    }
}
