namespace Marketplace.Web.Statistics;

/// <summary>One bar: its label, amount and the link to the entries behind it.</summary>
public sealed record Bar(string Label, long AmountFen, string Href);

/// <summary>
/// A chart drawn on the server as SVG (no script, no network): horizontal bars, or columns for a year's months. The
/// SVG has a viewBox and no fixed width, so it scales to a phone's screen; every bar and its amount is a link.
/// </summary>
public sealed record BarChart(string Id, string Title, IReadOnlyList<Bar> Bars, bool Columns = false)
{
    public const int Width = 640;
    public const int RowHeight = 30;
    public const int LabelWidth = 170;
    public const int AmountWidth = 150;
    public const int ColumnsHeight = 220;

    private long Max => Math.Max(1, Bars.Count == 0 ? 1 : Bars.Max(b => b.AmountFen));

    /// <summary>A bar's length in the drawing: proportional to its amount; a net negative year draws none.</summary>
    public double Length(Bar bar, int full) => Math.Max(0, (double)bar.AmountFen / Max * full);
}
