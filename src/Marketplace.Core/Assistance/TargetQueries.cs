using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;

namespace Marketplace.Core.Assistance;

/// <summary>A unit's year against its target. Without a target, <see cref="Target"/> is null and only the totals are given.</summary>
public sealed record TargetProgress(
    Guid UnitId, string UnitName, Guid? ParentId, int Depth, int Year, UnitTargetView? Target,
    long CountedFen, long SubtreeFen, long LeftFen, decimal? AchievedShare, decimal YearElapsedShare);

/// <summary>The target as set: the amount asked and the rule behind it.</summary>
public sealed record UnitTargetView(
    long TargetFen, TargetBasis Basis, long? AmountFen, long? BaseFen, int? ShareBasisPoints,
    IReadOnlyList<LedgerChannel> Channels, IReadOnlyList<AssistanceMeasure> Measures, int Revision, DateTime SetAt)
{
    public static UnitTargetView Of(UnitTarget target)
    {
        var rule = target.Rule;
        return new(target.TargetFen, rule.Basis, rule.AmountFen, rule.BaseFen, rule.ShareBasisPoints, rule.Channels, rule.Measures, target.Revision, target.SetAt);
    }
}

/// <summary>
/// Target progress (DOMAIN.md rule 7), read from the statistics read model: a unit's counted amount is its rolled-up
/// year (<see cref="AssistanceUnitChannelTotal"/>) in the channels and measures its rule counts.
/// </summary>
public sealed class TargetQueries(ReadConnections connections, TimeProvider clock)
{
    /// <summary>Every member unit for <paramref name="year"/>, parents before children, whether or not it has a target.</summary>
    public async Task<IReadOnlyList<TargetProgress>> AllAsync(int year, CancellationToken cancellationToken = default) =>
        await ReadAsync(year, null, cancellationToken);

    /// <summary>One unit's progress; null when it is not a member unit.</summary>
    public async Task<TargetProgress?> UnitAsync(int year, Guid unitId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(year, unitId, cancellationToken)).SingleOrDefault();

    /// <summary>The share of a China-time year gone by on <paramref name="today"/>: 0 before it starts, 1 once it is over.</summary>
    public static decimal ElapsedShare(int year, DateOnly today)
    {
        if (today.Year < year)
        {
            return 0m;
        }

        if (today.Year > year)
        {
            return 1m;
        }

        return Math.Round((decimal)today.DayOfYear / (DateTime.IsLeapYear(year) ? 366 : 365), 4);
    }

    private async Task<IReadOnlyList<TargetProgress>> ReadAsync(int year, Guid? unitId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var units = (await connection.QueryAsync<UnitRow>(new CommandDefinition("""
            WITH RECURSIVE tree (id, name, parent_id, depth) AS (
                SELECT id, name, parent_id, 0 FROM organizations WHERE parent_id IS NULL AND kind = @group
                UNION ALL
                SELECT o.id, o.name, o.parent_id, t.depth + 1 FROM organizations o JOIN tree t ON o.parent_id = t.id
            )
            SELECT t.id AS UnitId, t.name AS Name, t.parent_id AS ParentId, t.depth AS Depth
            FROM tree t JOIN organizations o ON o.id = t.id
            WHERE o.kind = @memberUnit
            ORDER BY t.depth, t.name
            """, new { group = nameof(OrganizationKind.Group), memberUnit = nameof(OrganizationKind.MemberUnit) }, cancellationToken: cancellationToken)))
            .Where(u => unitId is null || u.UnitId == unitId).ToList();
        if (units.Count == 0)
        {
            return [];
        }

        var unitFilter = unitId is null ? "" : "AND unit_id = @unitId";
        var totals = (await connection.QueryAsync<ChannelRow>(new CommandDefinition($"""
            SELECT unit_id AS UnitId, channel AS Channel, measure AS Measure, subtree_fen AS SubtreeFen
            FROM assistance_unit_channel_totals WHERE year = @year {unitFilter}
            """, new { year, unitId }, cancellationToken: cancellationToken))).ToLookup(r => r.UnitId);
        var targets = (await connection.QueryAsync<TargetRow>(new CommandDefinition($"""
            SELECT unit_id AS UnitId, target_fen AS TargetFen, basis AS Basis, amount_fen AS AmountFen, base_fen AS BaseFen,
                   share_basis_points AS ShareBasisPoints, counted_channels AS CountedChannels, counted_measures AS CountedMeasures,
                   revision AS Revision, set_at AS SetAt
            FROM unit_targets WHERE year = @year {unitFilter}
            """, new { year, unitId }, cancellationToken: cancellationToken))).ToDictionary(t => t.UnitId);

        var elapsed = ElapsedShare(year, Suppliers.ChinaCalendar.Today(clock));
        return [.. units.Select(u => Progress(u, year, totals[u.UnitId].ToList(), targets.GetValueOrDefault(u.UnitId), elapsed))];
    }

    private static TargetProgress Progress(UnitRow unit, int year, List<ChannelRow> totals, TargetRow? row, decimal elapsed)
    {
        var subtree = totals.Sum(t => t.SubtreeFen);
        if (row is null)
        {
            return new(unit.UnitId, unit.Name, unit.ParentId, unit.Depth, year, null, subtree, subtree, 0, null, elapsed);
        }

        var target = row.ToView();
        var counted = totals.Where(t => target.Channels.Contains(Enum.Parse<LedgerChannel>(t.Channel)) && target.Measures.Contains(Enum.Parse<AssistanceMeasure>(t.Measure)))
            .Sum(t => t.SubtreeFen);
        var achieved = Math.Round((decimal)counted / target.TargetFen, 4);
        return new(unit.UnitId, unit.Name, unit.ParentId, unit.Depth, year, target, counted, subtree, Math.Max(target.TargetFen - counted, 0), achieved, elapsed);
    }

    private sealed class UnitRow
    {
        public Guid UnitId { get; set; }
        public string Name { get; set; } = "";
        public Guid? ParentId { get; set; }
        public int Depth { get; set; }
    }

    private sealed class ChannelRow
    {
        public Guid UnitId { get; set; }
        public string Channel { get; set; } = "";
        public string Measure { get; set; } = "";
        public long SubtreeFen { get; set; }
    }

    private sealed class TargetRow
    {
        public Guid UnitId { get; set; }
        public long TargetFen { get; set; }
        public string Basis { get; set; } = "";
        public long? AmountFen { get; set; }
        public long? BaseFen { get; set; }
        public int? ShareBasisPoints { get; set; }
        public string CountedChannels { get; set; } = "";
        public string CountedMeasures { get; set; } = "";
        public int Revision { get; set; }
        public DateTime SetAt { get; set; }

        public UnitTargetView ToView() => new(
            TargetFen, Enum.Parse<TargetBasis>(Basis), AmountFen, BaseFen, ShareBasisPoints,
            UnitTarget.Names<LedgerChannel>(CountedChannels), UnitTarget.Names<AssistanceMeasure>(CountedMeasures), Revision, SetAt);
    }
}
