using Dapper;
using Marketplace.Core.Data;

namespace Marketplace.Core.Assistance;

/// <summary>What a buyer's purchases support in one county: the net amount and the households of the suppliers sold from.</summary>
public sealed record CountyImpact(string CountyCode, string CountyName, long AmountFen, int Suppliers, long Households, long People);

/// <summary>
/// "购买者有回报": a buyer's (or a unit's) year, from the ledger — the net amount, the orders, the counties, and the
/// linked households of the suppliers sold from, each supplier counted once (DOMAIN.md rule 8).
/// </summary>
public sealed record Impact(int Year, long AmountFen, int Orders, IReadOnlyList<CountyImpact> Counties, long Households, long People, long PovertyAlleviatedPeople, long DisabledPeople)
{
    public int CountyCount => Counties.Count;
}

/// <summary>Reads <see cref="Impact"/> for an order, a buyer or a unit with every unit below it today.</summary>
public sealed class ImpactQueries(ReadConnections connections)
{
    // A supplier's linkage in force on a day: its latest declaration effective by then.
    private const string InForce = """
        in_force AS (
            SELECT supplier_id, households, people, poverty_alleviated_people, disabled_people,
                   ROW_NUMBER() OVER (PARTITION BY supplier_id ORDER BY effective_from DESC, declared_at DESC) AS position
            FROM benefit_linkages WHERE effective_from <= @day
        )
        """;

    /// <summary>A buyer's year: the entries of their own orders (personal, welfare, and any they placed for a unit).</summary>
    public Task<Impact> BuyerAsync(int year, Guid userId, CancellationToken cancellationToken = default) =>
        ReadAsync(year, "buyer_user_id = @userId", new { year, userId, day = new DateOnly(year, 12, 31) }, cancellationToken);

    /// <summary>
    /// A unit's year: the entries of the unit and of every unit below it in today's tree. The certificate and the
    /// unit's page tell what the unit as it stands today bought; the target progress (read model) instead keeps each
    /// purchase with the tree of its moment, so the two differ only for a unit moved during the year.
    /// </summary>
    public Task<Impact> UnitAsync(int year, Guid unitId, CancellationToken cancellationToken = default) =>
        ReadAsync(year, """
            buyer_unit_id IN (
                WITH RECURSIVE subtree (id) AS (
                    SELECT id FROM organizations WHERE id = @unitId
                    UNION ALL
                    SELECT o.id FROM organizations o JOIN subtree s ON o.parent_id = s.id
                )
                SELECT id FROM subtree)
            """, new { year, unitId, day = new DateOnly(year, 12, 31) }, cancellationToken);

    /// <summary>
    /// The counties an order's lines come from and the households linked to their suppliers today, whether or not
    /// it is paid yet (the buyer sees what they are supporting while they wait).
    /// </summary>
    public async Task<IReadOnlyList<CountyImpact>> OrderAsync(Guid orderId, DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SupplierRow>(new CommandDefinition($"""
            WITH {InForce}
            SELECT l.county_code AS CountyCode, c.name AS CountyName, l.supplier_id AS SupplierId,
                   CAST(SUM(l.amount_fen - l.refunded_fen) AS BIGINT) AS AmountFen,
                   MAX(f.households) AS Households, MAX(f.people) AS People,
                   MAX(f.poverty_alleviated_people) AS PovertyAlleviatedPeople, MAX(f.disabled_people) AS DisabledPeople
            FROM order_lines l
            JOIN counties c ON c.code = l.county_code
            LEFT JOIN in_force f ON f.supplier_id = l.supplier_id AND f.position = 1
            WHERE l.order_id = @orderId AND l.supplier_id IS NOT NULL AND l.rejection IS NULL
            GROUP BY l.county_code, c.name, l.supplier_id
            """, new { orderId, day = today }, cancellationToken: cancellationToken));
        return Counties(rows.ToList());
    }

    private async Task<Impact> ReadAsync(int year, string filter, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SupplierRow>(new CommandDefinition($"""
            WITH {InForce}, mine AS (
                SELECT county_code, supplier_id, CAST(SUM(amount_fen) AS BIGINT) AS amount_fen
                FROM assistance_entries WHERE year = @year AND {filter}
                GROUP BY county_code, supplier_id
            )
            SELECT m.county_code AS CountyCode, c.name AS CountyName, m.supplier_id AS SupplierId, m.amount_fen AS AmountFen,
                   f.households AS Households, f.people AS People,
                   f.poverty_alleviated_people AS PovertyAlleviatedPeople, f.disabled_people AS DisabledPeople
            FROM mine m
            JOIN counties c ON c.code = m.county_code
            LEFT JOIN in_force f ON f.supplier_id = m.supplier_id AND f.position = 1
            """, parameters, cancellationToken: cancellationToken))).ToList();
        var orders = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"""
            SELECT COUNT(*) FROM (
                SELECT order_id FROM assistance_entries WHERE year = @year AND {filter}
                GROUP BY order_id HAVING SUM(amount_fen) > 0) AS paid
            """, parameters, cancellationToken: cancellationToken));

        var selling = rows.Where(r => r.AmountFen > 0).DistinctBy(r => r.SupplierId).ToList();
        return new Impact(
            year, rows.Sum(r => r.AmountFen), orders, Counties(rows),
            selling.Sum(s => (long)(s.Households ?? 0)), selling.Sum(s => (long)(s.People ?? 0)),
            selling.Sum(s => (long)(s.PovertyAlleviatedPeople ?? 0)), selling.Sum(s => (long)(s.DisabledPeople ?? 0)));
    }

    /// <summary>Counties with a net amount, largest first; a supplier is counted once per county, only where it sold.</summary>
    private static List<CountyImpact> Counties(List<SupplierRow> rows) =>
    [
        .. rows.GroupBy(r => (r.CountyCode, r.CountyName))
            .Select(g =>
            {
                var selling = g.Where(r => r.AmountFen > 0).DistinctBy(r => r.SupplierId).ToList();
                return new CountyImpact(g.Key.CountyCode, g.Key.CountyName, g.Sum(r => r.AmountFen), selling.Count,
                    selling.Sum(s => (long)(s.Households ?? 0)), selling.Sum(s => (long)(s.People ?? 0)));
            })
            .Where(c => c.AmountFen > 0)
            .OrderByDescending(c => c.AmountFen).ThenBy(c => c.CountyCode),
    ];

    private sealed class SupplierRow
    {
        public string CountyCode { get; set; } = "";
        public string CountyName { get; set; } = "";
        public Guid SupplierId { get; set; }
        public long AmountFen { get; set; }
        public int? Households { get; set; }
        public int? People { get; set; }
        public int? PovertyAlleviatedPeople { get; set; }
        public int? DisabledPeople { get; set; }
    }
}
