using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;

namespace Marketplace.Core.Assistance;

/// <summary>
/// The statistics people ask for, read with Dapper from the read model (and, for beneficiaries, from the ledger and
/// the declared linkages). The SQL is the same on SQLite and PostgreSQL: snake_case names, enums by name, sums cast
/// to BIGINT (PostgreSQL's SUM of bigint is numeric), WITH RECURSIVE for today's tree; Guids and dates differ only in
/// the parameters (<see cref="DapperTypeHandlers"/>).
/// </summary>
public sealed class AssistanceQueries(ReadConnections connections)
{
    /// <summary>Every value of <paramref name="dimension"/> with its net total for <paramref name="year"/>, largest first.</summary>
    public async Task<IReadOnlyList<DimensionTotal>> TotalsAsync(int year, AssistanceDimension dimension, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TotalRow>(new CommandDefinition("""
            SELECT dimension_value AS Value, amount_fen AS AmountFen, quantity AS Quantity
            FROM assistance_totals WHERE year = @year AND dimension = @dimension
            ORDER BY amount_fen DESC, dimension_value
            """, new { year, dimension = dimension.ToString() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DimensionTotal(r.Value, r.AmountFen, r.Quantity))];
    }

    /// <summary>The year's net total: every entry has exactly one measure, so the measures add up to it.</summary>
    public async Task<long> YearTotalFenAsync(int year, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM assistance_totals WHERE year = @year AND dimension = @measure
            """, new { year, measure = nameof(AssistanceDimension.Measure) }, cancellationToken: cancellationToken));
    }

    /// <summary>Twelve China-time months, empty months included.</summary>
    public async Task<IReadOnlyList<MonthTotal>> MonthSeriesAsync(int year, CancellationToken cancellationToken = default)
    {
        var byMonth = (await TotalsAsync(year, AssistanceDimension.Month, cancellationToken)).ToDictionary(t => t.Value);
        return [.. Enumerable.Range(1, 12).Select(m => byMonth.TryGetValue(AssistanceProjection.MonthValue(m), out var t)
            ? new MonthTotal(m, t.AmountFen, t.Quantity)
            : new MonthTotal(m, 0, 0))];
    }

    /// <summary>
    /// <paramref name="unitId"/> and every unit below it in today's tree, each with its own year (parents before
    /// children). A unit moved during the year keeps with its old parent what it bought before the move, so children
    /// need not add up to their parent's <see cref="UnitTotal.SubtreeFen"/>.
    /// </summary>
    public async Task<IReadOnlyList<UnitTotal>> SubtreeAsync(int year, Guid unitId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UnitRow>(new CommandDefinition("""
            WITH RECURSIVE subtree (id, name, parent_id, depth) AS (
                SELECT id, name, parent_id, 0 FROM organizations WHERE id = @unitId
                UNION ALL
                SELECT o.id, o.name, o.parent_id, s.depth + 1 FROM organizations o JOIN subtree s ON o.parent_id = s.id
            )
            SELECT s.id AS UnitId, s.name AS Name, s.parent_id AS ParentId, s.depth AS Depth,
                   COALESCE(t.direct_fen, 0) AS DirectFen, COALESCE(t.direct_quantity, 0) AS DirectQuantity,
                   COALESCE(t.subtree_fen, 0) AS SubtreeFen, COALESCE(t.subtree_quantity, 0) AS SubtreeQuantity
            FROM subtree s LEFT JOIN assistance_unit_totals t ON t.unit_id = s.id AND t.year = @year
            ORDER BY s.depth, s.name
            """, new { year, unitId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new UnitTotal(r.UnitId, r.Name, r.ParentId, r.Depth, r.DirectFen, r.DirectQuantity, r.SubtreeFen, r.SubtreeQuantity))];
    }

    /// <summary>The unit's own year with its roll-up; null when there is no such organization.</summary>
    public async Task<UnitTotal?> UnitAsync(int year, Guid unitId, CancellationToken cancellationToken = default) =>
        (await SubtreeAsync(year, unitId, cancellationToken)).FirstOrDefault(u => u.UnitId == unitId);

    /// <summary>
    /// Member units ranked by their rolled-up total for the year; with <paramref name="parentId"/>, only the units
    /// directly under it today (e.g. the group's first-level units). Units that bought nothing are not ranked.
    /// </summary>
    public async Task<IReadOnlyList<LeaderboardRow>> LeaderboardAsync(int year, Guid? parentId = null, int top = 20, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UnitRow>(new CommandDefinition($"""
            SELECT o.id AS UnitId, o.name AS Name, o.parent_id AS ParentId, t.subtree_fen AS SubtreeFen, t.subtree_quantity AS SubtreeQuantity
            FROM assistance_unit_totals t JOIN organizations o ON o.id = t.unit_id
            WHERE t.year = @year AND o.kind = @memberUnit AND t.subtree_fen > 0 {(parentId is null ? "" : "AND o.parent_id = @parentId")}
            ORDER BY t.subtree_fen DESC, o.name
            LIMIT @top
            """, new { year, parentId, top, memberUnit = nameof(OrganizationKind.MemberUnit) }, cancellationToken: cancellationToken));
        return [.. rows.Select((r, i) => new LeaderboardRow(i + 1, r.UnitId, r.Name, r.SubtreeFen, r.SubtreeQuantity))];
    }

    /// <summary>
    /// Beneficiaries per county and for the group (DOMAIN.md rule 8): each supplier with net sales in the year counts
    /// once, by its benefit linkage in force on the year's last day (the latest declaration effective by then); a
    /// supplier selling in two counties counts once in each county and once for the group.
    /// </summary>
    /// <remarks>With <paramref name="unitId"/>, only the entries in that unit's scope count as sales.</remarks>
    public async Task<BeneficiaryReport> BeneficiariesAsync(int year, Guid? unitId = null, CancellationToken cancellationToken = default)
    {
        var scope = unitId is null ? "" : "JOIN assistance_entry_units x ON x.entry_id = e.id AND x.unit_id = @unitId AND x.year = @year";
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SupplierRow>(new CommandDefinition($"""
            WITH selling AS (
                SELECT e.supplier_id, e.county_code FROM assistance_entries e {scope} WHERE e.year = @year
                GROUP BY e.supplier_id, e.county_code HAVING SUM(e.amount_fen) > 0
            ), in_force AS (
                SELECT supplier_id, households, people, poverty_alleviated_people, disabled_people,
                       ROW_NUMBER() OVER (PARTITION BY supplier_id ORDER BY effective_from DESC, declared_at DESC) AS position
                FROM benefit_linkages WHERE effective_from <= @lastDay
            )
            SELECT s.supplier_id AS SupplierId, s.county_code AS CountyCode, c.name AS CountyName,
                   l.households AS Households, l.people AS People,
                   l.poverty_alleviated_people AS PovertyAlleviatedPeople, l.disabled_people AS DisabledPeople
            FROM selling s
            JOIN counties c ON c.code = s.county_code
            LEFT JOIN in_force l ON l.supplier_id = s.supplier_id AND l.position = 1
            ORDER BY s.county_code
            """, new { year, unitId, lastDay = new DateOnly(year, 12, 31) }, cancellationToken: cancellationToken))).ToList();

        var counties = rows.GroupBy(r => (r.CountyCode, r.CountyName))
            .Select(g => new CountyBeneficiaries(g.Key.CountyCode, g.Key.CountyName, Count(g)))
            .ToList();
        var group = Count(rows.DistinctBy(r => r.SupplierId));
        return new BeneficiaryReport(year, counties, group);
    }

    private static Beneficiaries Count(IEnumerable<SupplierRow> suppliers)
    {
        var once = suppliers.DistinctBy(s => s.SupplierId).ToList();
        return new Beneficiaries(
            once.Count, once.Count(s => s.Households is null),
            once.Sum(s => (long)(s.Households ?? 0)), once.Sum(s => (long)(s.People ?? 0)),
            once.Sum(s => (long)(s.PovertyAlleviatedPeople ?? 0)), once.Sum(s => (long)(s.DisabledPeople ?? 0)));
    }

    private sealed class TotalRow
    {
        public string Value { get; set; } = "";
        public long AmountFen { get; set; }
        public long Quantity { get; set; }
    }

    private sealed class UnitRow
    {
        public Guid UnitId { get; set; }
        public string Name { get; set; } = "";
        public Guid? ParentId { get; set; }
        public int Depth { get; set; }
        public long DirectFen { get; set; }
        public long DirectQuantity { get; set; }
        public long SubtreeFen { get; set; }
        public long SubtreeQuantity { get; set; }
    }

    private sealed class SupplierRow
    {
        public Guid SupplierId { get; set; }
        public string CountyCode { get; set; } = "";
        public string CountyName { get; set; } = "";
        public int? Households { get; set; }
        public int? People { get; set; }
        public int? PovertyAlleviatedPeople { get; set; }
        public int? DisabledPeople { get; set; }
    }
}
