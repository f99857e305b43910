using System.Globalization;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Assistance;

/// <summary>
/// Keeps <see cref="AssistanceTotal"/> and <see cref="AssistanceUnitTotal"/> equal to the ledger: the ledger consumers
/// call <see cref="ApplyAsync"/> with the entries they add, in their transaction, so an entry and its totals commit
/// together or not at all. Totals only ever grow by signed deltas (an UPSERT that adds), so two consumers touching
/// the same row never lose each other's amounts.
/// </summary>
/// <remarks>
/// Unit roll-up is settled here, when the entry is written, not at query time: each entry is added to its buyer unit
/// and to every unit above it in the tree as it stood at the entry's moment (<see cref="UnitHistory"/>). A unit moved
/// mid-year therefore leaves what it bought before the move with its old parent and brings only later purchases to
/// the new one — history keeps the unit of the moment — and a query never walks versions. Rolling up direct totals
/// through today's tree would instead move past purchases with every reorganisation. Versions are only ever appended,
/// so a rebuild reaches the same numbers.
/// </remarks>
public static class AssistanceProjection
{
    /// <summary>Adds <paramref name="entries"/> (not yet saved) to the totals; the caller saves and commits.</summary>
    public static async Task ApplyAsync(MarketplaceDbContext db, IReadOnlyCollection<AssistanceEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var delta = await ProjectionDelta.OfAsync(db, entries, cancellationToken);
        await delta.WriteAsync(db, cancellationToken);
    }

    /// <summary>Empties the read model and recomputes it from the whole ledger, in one transaction.</summary>
    public static async Task<RebuildResult> RebuildAsync(MarketplaceDbContext db, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            // Holding the tables, the rebuild waits for the consumers that have written their totals (their entries are
            // then committed and read) and makes the others wait at their totals: their entries, uncommitted, are not
            // read, and their deltas land after the rebuild. SQLite's write transactions are serialised anyway.
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE assistance_totals, assistance_unit_totals, assistance_unit_channel_totals, assistance_scope_totals, assistance_entry_units IN EXCLUSIVE MODE", cancellationToken);
        }

        await db.AssistanceTotals.ExecuteDeleteAsync(cancellationToken);
        await db.AssistanceUnitTotals.ExecuteDeleteAsync(cancellationToken);
        await db.AssistanceScopeTotals.ExecuteDeleteAsync(cancellationToken);
        await db.AssistanceEntryUnits.ExecuteDeleteAsync(cancellationToken);
        await db.AssistanceUnitChannelTotals.ExecuteDeleteAsync(cancellationToken);
        var entries = await db.AssistanceEntries.AsNoTracking().ToListAsync(cancellationToken);
        var delta = await ProjectionDelta.OfAsync(db, entries, cancellationToken);
        await delta.WriteAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RebuildResult(entries.Count, delta.TotalRows, delta.UnitRows, delta.ScopeRows);
    }

    /// <summary>The value an entry has in a dimension; null when the entry has none there (no campaign).</summary>
    public static string? ValueOf(AssistanceEntry entry, AssistanceDimension dimension) => dimension switch
    {
        AssistanceDimension.County => entry.CountyCode,
        AssistanceDimension.Region => entry.Region.ToString(),
        AssistanceDimension.AssistanceType => entry.AssistanceType.ToString(),
        AssistanceDimension.Channel => entry.Channel.ToString(),
        AssistanceDimension.Measure => entry.Measure.ToString(),
        AssistanceDimension.FundingSource => entry.FundingSource.ToString(),
        AssistanceDimension.Supplier => SupplierValue(entry.SupplierId),
        AssistanceDimension.Category => entry.Category.ToString(),
        AssistanceDimension.Month => MonthValue(entry.Month),
        AssistanceDimension.Campaign => entry.CampaignCode,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown dimension."),
    };

    public static string SupplierValue(Guid supplierId) => supplierId.ToString("D");

    public static string MonthValue(int month) => month.ToString("00", CultureInfo.InvariantCulture);
}

public sealed record RebuildResult(int Entries, int TotalRows, int UnitRows, int ScopeRows);

/// <summary>What a set of entries adds to each row of the read model.</summary>
internal sealed class ProjectionDelta
{
    private readonly Dictionary<(int Year, AssistanceDimension Dimension, string Value), (long Fen, long Quantity)> _totals = [];
    private readonly Dictionary<(int Year, Guid UnitId), (long DirectFen, long DirectQuantity, long SubtreeFen, long SubtreeQuantity)> _units = [];
    private readonly Dictionary<(int Year, Guid UnitId, AssistanceDimension Dimension, string Value), (long Fen, long Quantity)> _scopes = [];
    private readonly List<(Guid UnitId, int Year, Guid EntryId)> _entryUnits = [];
    private readonly Dictionary<(int Year, Guid UnitId, LedgerChannel Channel, AssistanceMeasure Measure), long> _channels = [];

    public int TotalRows => _totals.Count;

    public int UnitRows => _units.Count;

    public int ScopeRows => _scopes.Count;

    public static async Task<ProjectionDelta> OfAsync(MarketplaceDbContext db, IReadOnlyCollection<AssistanceEntry> entries, CancellationToken cancellationToken)
    {
        var units = await UnitHistory.LoadAsync(db, entries.Select(e => e.BuyerUnitId).OfType<Guid>().Distinct(), cancellationToken);
        var delta = new ProjectionDelta();
        foreach (var entry in entries)
        {
            delta.Add(entry, units);
        }

        return delta;
    }

    /// <summary>
    /// Rows in one global order, so that concurrent writers lock them in the same order and never deadlock; many rows per
    /// statement (a paid order touches about forty rows across the tables, a rebuild hundreds of thousands), and a
    /// multi-row <c>INSERT … ON CONFLICT</c> takes its rows in the order given. The statements go to the server together
    /// (<see cref="StatementBatch"/>): a paid order's are one round trip, so the year's shared rows, which every paid order
    /// adds to, are not held locked while the writer waits on the network between statements.
    /// </summary>
    public async Task WriteAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        var batch = new StatementBatch();
        batch.Add("""
            INSERT INTO assistance_totals (year, dimension, dimension_value, amount_fen, quantity) VALUES {rows}
            ON CONFLICT (year, dimension, dimension_value) DO UPDATE SET
                amount_fen = assistance_totals.amount_fen + excluded.amount_fen,
                quantity = assistance_totals.quantity + excluded.quantity
            """,
            _totals.OrderBy(t => t.Key.Year).ThenBy(t => t.Key.Dimension).ThenBy(t => t.Key.Value, StringComparer.Ordinal)
                .Select(t => new object[] { t.Key.Year, t.Key.Dimension.ToString(), t.Key.Value, t.Value.Fen, t.Value.Quantity }));

        batch.Add("""
            INSERT INTO assistance_unit_totals (year, unit_id, direct_fen, direct_quantity, subtree_fen, subtree_quantity) VALUES {rows}
            ON CONFLICT (year, unit_id) DO UPDATE SET
                direct_fen = assistance_unit_totals.direct_fen + excluded.direct_fen,
                direct_quantity = assistance_unit_totals.direct_quantity + excluded.direct_quantity,
                subtree_fen = assistance_unit_totals.subtree_fen + excluded.subtree_fen,
                subtree_quantity = assistance_unit_totals.subtree_quantity + excluded.subtree_quantity
            """,
            _units.OrderBy(u => u.Key.Year).ThenBy(u => u.Key.UnitId)
                .Select(u => new object[] { u.Key.Year, u.Key.UnitId, u.Value.DirectFen, u.Value.DirectQuantity, u.Value.SubtreeFen, u.Value.SubtreeQuantity }));

        batch.Add("""
            INSERT INTO assistance_unit_channel_totals (year, unit_id, channel, measure, subtree_fen) VALUES {rows}
            ON CONFLICT (year, unit_id, channel, measure) DO UPDATE SET
                subtree_fen = assistance_unit_channel_totals.subtree_fen + excluded.subtree_fen
            """,
            _channels.OrderBy(u => u.Key.Year).ThenBy(u => u.Key.UnitId).ThenBy(u => u.Key.Channel).ThenBy(u => u.Key.Measure)
                .Select(u => new object[] { u.Key.Year, u.Key.UnitId, u.Key.Channel.ToString(), u.Key.Measure.ToString(), u.Value }));

        batch.Add("""
            INSERT INTO assistance_scope_totals (year, unit_id, dimension, dimension_value, amount_fen, quantity) VALUES {rows}
            ON CONFLICT (year, unit_id, dimension, dimension_value) DO UPDATE SET
                amount_fen = assistance_scope_totals.amount_fen + excluded.amount_fen,
                quantity = assistance_scope_totals.quantity + excluded.quantity
            """,
            _scopes.OrderBy(t => t.Key.Year).ThenBy(t => t.Key.UnitId).ThenBy(t => t.Key.Dimension).ThenBy(t => t.Key.Value, StringComparer.Ordinal)
                .Select(t => new object[] { t.Key.Year, t.Key.UnitId, t.Key.Dimension.ToString(), t.Key.Value, t.Value.Fen, t.Value.Quantity }));

        batch.Add("INSERT INTO assistance_entry_units (unit_id, year, entry_id) VALUES {rows}",
            _entryUnits.Select(r => new object[] { r.UnitId, r.Year, r.EntryId }));
        await batch.ExecuteAsync(db, cancellationToken);
    }

    /// <summary>The rows as they are here, for comparing with what is stored.</summary>
    public IReadOnlyDictionary<(int Year, AssistanceDimension Dimension, string Value), (long Fen, long Quantity)> Totals => _totals;

    public IReadOnlyDictionary<(int Year, Guid UnitId), (long DirectFen, long DirectQuantity, long SubtreeFen, long SubtreeQuantity)> Units => _units;

    public IReadOnlyDictionary<(int Year, Guid UnitId, AssistanceDimension Dimension, string Value), (long Fen, long Quantity)> Scopes => _scopes;
    public IReadOnlyDictionary<(int Year, Guid UnitId, LedgerChannel Channel, AssistanceMeasure Measure), long> Channels => _channels;

    private void Add(AssistanceEntry entry, UnitHistory units)
    {
        foreach (var dimension in Enum.GetValues<AssistanceDimension>())
        {
            if (AssistanceProjection.ValueOf(entry, dimension) is { } value)
            {
                var key = (entry.Year, dimension, value);
                var (fen, quantity) = _totals.GetValueOrDefault(key);
                _totals[key] = (fen + entry.AmountFen, quantity + entry.Quantity);
            }
        }

        if (entry.BuyerUnitId is not { } buyerUnit)
        {
            return;
        }

        foreach (var unitId in units.PathAt(buyerUnit, entry.OccurredAt))
        {
            var key = (entry.Year, unitId);
            var (directFen, directQuantity, subtreeFen, subtreeQuantity) = _units.GetValueOrDefault(key);
            var direct = unitId == buyerUnit;
            _entryUnits.Add((unitId, entry.Year, entry.Id));
            foreach (var dimension in Enum.GetValues<AssistanceDimension>())
            {
                if (AssistanceProjection.ValueOf(entry, dimension) is { } value)
                {
                    var scopeKey = (entry.Year, unitId, dimension, value);
                    var (fen, quantity) = _scopes.GetValueOrDefault(scopeKey);
                    _scopes[scopeKey] = (fen + entry.AmountFen, quantity + entry.Quantity);
                }
            }

            _units[key] = (
                directFen + (direct ? entry.AmountFen : 0), directQuantity + (direct ? entry.Quantity : 0),
                subtreeFen + entry.AmountFen, subtreeQuantity + entry.Quantity);
            var channelKey = (entry.Year, unitId, entry.Channel, entry.Measure);
            _channels[channelKey] = _channels.GetValueOrDefault(channelKey) + entry.AmountFen;
        }
    }
}
