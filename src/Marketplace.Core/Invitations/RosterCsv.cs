using System.Text;
using CsvHelper;

namespace Marketplace.Core.Invitations;

/// <summary>One data line of a roster, with its line number in the file (the header is line 1).</summary>
public sealed record RosterRow(int Line, string Name, string EmployeeNumber, string EmailOrPhone, string Department);

/// <summary>The file is not a roster at all (not UTF-8 CSV, no known header, no rows): nothing can be checked line by line.</summary>
public sealed class RosterFormatException(string message) : Exception(message);

/// <summary>
/// Reads a roster CSV: UTF-8 with or without BOM, a header of 姓名,工号,邮箱或手机,部门 or
/// name,employee number,email or phone,department (in that order), then one person per line.
/// </summary>
public static class RosterCsv
{
    public const int Columns = 4;

    private static readonly string[][] Headers =
    [
        ["姓名", "工号", "邮箱或手机", "部门"],
        ["name", "employee number", "email or phone", "department"],
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<RosterRow> Read(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new RosterFormatException("The file is not UTF-8 text.");
        }

        if (string.IsNullOrWhiteSpace(text.TrimStart('\uFEFF')))
        {
            throw new RosterFormatException("The file is empty.");
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
        var rows = new List<RosterRow>();
        try
        {
            using var csv = CsvReader.FromText(text, options);
            var headerSeen = false;
            while (csv.Read())
            {
                var fields = Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray();
                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                var line = checked((int)csv.LineNumber);
                if (!headerSeen)
                {
                    if (!Headers.Any(h => IsHeader(h, fields)))
                    {
                        throw new RosterFormatException(
                            "The first line must be the header 姓名,工号,邮箱或手机,部门 (or name,employee number,email or phone,department).");
                    }

                    headerSeen = true;
                    continue;
                }

                if (fields.Length != Columns)
                {
                    throw new RosterFormatException($"Line {line}: expected {Columns} columns, found {fields.Length}.");
                }

                rows.Add(new RosterRow(line, fields[0], fields[1], fields[2], fields[3]));
            }
        }
        catch (CsvFormatException exception)
        {
            throw new RosterFormatException($"Malformed CSV at line {exception.LineNumber}.");
        }

        return rows.Count == 0 ? throw new RosterFormatException("The roster has a header but no people.") : rows;
    }

    private static bool IsHeader(string[] expected, string[] fields) =>
        fields.Length == expected.Length
        && expected.Zip(fields).All(p => string.Equals(p.First, p.Second.Trim().TrimStart('\uFEFF'), StringComparison.OrdinalIgnoreCase));
}
