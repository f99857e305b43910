using System.Globalization;

namespace Marketplace.Benchmarks.Results;

/// <summary>
/// One measure against its target. A ratio target is met when the ratio is on the right side of it; a row without one
/// (<see cref="Met"/> null) is a reference that explains another.
/// </summary>
internal sealed record ResultRow(string Id, string Measure, string Figure, string Baseline, double? Ratio, string Target, bool? Met, string? Note = null);

internal sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];

    public void Add(ResultRow row) => _rows.Add(row);

    public bool AllMet => _rows.All(r => r.Met != false);

    /// <summary>A Markdown table, so that the README can hold the latest run as printed.</summary>
    public string ToMarkdown()
    {
        var lines = new List<string>
        {
            "| # | measure | figure | baseline | ratio | target | result |",
            "|---|---|---|---|---|---|---|",
        };
        lines.AddRange(_rows.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"| {r.Id} | {r.Measure} | {r.Figure} | {r.Baseline} | {(r.Ratio is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) : "—")} | {r.Target} | {r.Met switch { true => "met", false => "missed", null => "reference" }}{(r.Note is null ? "" : " — " + r.Note)} |")));
        return string.Join('\n', lines);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
