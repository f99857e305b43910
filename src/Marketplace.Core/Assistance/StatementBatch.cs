using System.Globalization;
using System.Text;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Assistance;

/// <summary>
/// Multi-row statements sent to the server together, each value a parameter (<c>{n}</c>, which EF Core binds). A
/// statement takes at most <see cref="RowsPerStatement"/> rows; statements are sent once they hold
/// <see cref="ParametersPerRoundTrip"/> parameters, so a rebuild of hundreds of thousands of rows stays within the
/// providers' limits while a paid order's few dozen rows are one round trip.
/// </summary>
internal sealed class StatementBatch
{
    private const int RowsPerStatement = 500;
    private const int ParametersPerRoundTrip = 30_000;

    private readonly List<(string Sql, List<object> Parameters)> _roundTrips = [];
    private StringBuilder _sql = new();
    private List<object> _parameters = [];

    /// <summary>Adds <paramref name="statement"/> with its <c>{rows}</c> replaced by the rows' VALUES lists; no rows, no statement.</summary>
    public void Add(string statement, IEnumerable<object[]> rows)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            if (_parameters.Count + (chunk.Length * chunk[0].Length) > ParametersPerRoundTrip)
            {
                Flush();
            }

            var values = new StringBuilder();
            foreach (var row in chunk)
            {
                values.Append(values.Length == 0 ? "(" : ", (");
                for (var column = 0; column < row.Length; column++)
                {
                    values.Append(column == 0 ? "{" : ", {").Append(_parameters.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
                    _parameters.Add(row[column]);
                }

                values.Append(')');
            }

            _sql.Append(statement.Replace("{rows}", values.ToString(), StringComparison.Ordinal)).Append(";\n");
        }
    }

    public async Task ExecuteAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        Flush();
        foreach (var (sql, parameters) in _roundTrips)
        {
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }

        _roundTrips.Clear();
    }

    private void Flush()
    {
        if (_parameters.Count > 0)
        {
            _roundTrips.Add((_sql.ToString(), _parameters));
            _sql = new StringBuilder();
            _parameters = [];
        }
    }
}
