using System.Globalization;
using Marketplace.Core.Assistance;

namespace Marketplace.Web.Statistics;

/// <summary>One unit against its target: what its rule counts so far, the amount asked, the share achieved, and the link to its entries.</summary>
public sealed record TargetBar(string Label, long CountedFen, long TargetFen, decimal AchievedShare, string Href)
{
    public string Percent => (AchievedShare * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}

/// <summary>
/// Units against their annual targets (DOMAIN.md rule 7), drawn on the server as SVG like <see cref="BarChart"/>: per
/// unit a bar of what counts toward its target and a marker where the target lies, on one scale (the largest of
/// targets and amounts), so a unit past its target draws past its marker.
/// </summary>
public sealed record TargetChart(string Id, string Title, IReadOnlyList<TargetBar> Bars)
{
    public const int RowHeight = 48;
    public const int BarHeight = 16;
    public const int BarsWidth = BarChart.Width - BarChart.LabelWidth - 10;

    private long Max => Math.Max(1, Bars.Count == 0 ? 1 : Bars.Max(b => Math.Max(b.CountedFen, b.TargetFen)));

    public double Length(long fen) => Math.Max(0, (double)fen / Max * BarsWidth);

    /// <summary>
    /// The units of the scope (the group: every member unit; a unit: it and the units below it today) that have a
    /// target for the year, best achieved first; units without a target are left out.
    /// </summary>
    public static IReadOnlyList<TargetProgress> InScope(IReadOnlyList<TargetProgress> all, Guid? scopeUnitId)
    {
        var inScope = all.ToList();
        if (scopeUnitId is { } root)
        {
            // Parents come before their children, so one pass collects the subtree.
            var subtree = new HashSet<Guid> { root };
            inScope = [.. all.Where(u => u.UnitId == root || (u.ParentId is { } parent && subtree.Contains(parent) && subtree.Add(u.UnitId)))];
        }

        return [.. inScope.Where(u => u.Target is not null)
            .OrderByDescending(u => u.AchievedShare).ThenByDescending(u => u.CountedFen).ThenBy(u => u.UnitName, StringComparer.Ordinal)];
    }
}
