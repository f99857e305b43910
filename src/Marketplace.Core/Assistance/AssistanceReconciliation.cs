using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Assistance;

/// <summary>
/// Proves a year's figures to the fen, twice over. Ledger = orders: for every order paid in the year (China time) or
/// with entries in it, the ledger's net for the order equals what the order kept — PaidFen less RefundedFen, and
/// nothing once it was cancelled after payment. Read model = ledger: every total row equals the sum of the year's
/// entries it stands for, recomputed from the entries with the unit tree's history.
/// </summary>
public sealed class AssistanceReconciliation(MarketplaceDbContext db)
{
    public async Task<ReconciliationReport> CheckAsync(int year, CancellationToken cancellationToken = default)
    {
        var entries = await db.AssistanceEntries.AsNoTracking().Where(e => e.Year == year).ToListAsync(cancellationToken);
        var orders = await OrderMismatchesAsync(year, entries, cancellationToken);
        var readModel = await ReadModelMismatchesAsync(year, entries, cancellationToken);
        return new ReconciliationReport(year, entries.Sum(e => e.AmountFen), orders, readModel);
    }

    private async Task<List<OrderMismatch>> OrderMismatchesAsync(int year, List<AssistanceEntry> entries, CancellationToken cancellationToken)
    {
        var (from, to) = ChinaYear(year);
        var entryOrderIds = entries.Select(e => e.OrderId).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking()
            .Where(o => (o.PaidAt >= from && o.PaidAt < to) || entryOrderIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Number, o.Status, o.PaidFen, o.RefundedFen })
            .ToListAsync(cancellationToken);
        var orderIds = orders.Select(o => o.Id).Union(entryOrderIds).ToList();
        var ledger = (await db.AssistanceEntries.AsNoTracking().Where(e => orderIds.Contains(e.OrderId))
                .Select(e => new { e.OrderId, e.AmountFen }).ToListAsync(cancellationToken))
            .GroupBy(e => e.OrderId).ToDictionary(g => g.Key, g => g.Sum(e => e.AmountFen));

        var mismatches = new List<OrderMismatch>();
        foreach (var order in orders)
        {
            var expected = order.Status == OrderStatus.Cancelled ? 0 : order.PaidFen - order.RefundedFen;
            var recorded = ledger.GetValueOrDefault(order.Id);
            if (expected != recorded)
            {
                mismatches.Add(new OrderMismatch(order.Id, order.Number, expected, recorded));
            }
        }

        // Entries whose order does not exist at all.
        foreach (var orphan in entryOrderIds.Except(orders.Select(o => o.Id)))
        {
            mismatches.Add(new OrderMismatch(orphan, entries.First(e => e.OrderId == orphan).OrderNumber, 0, ledger.GetValueOrDefault(orphan)));
        }

        return mismatches;
    }

    private async Task<List<ReadModelMismatch>> ReadModelMismatchesAsync(int year, List<AssistanceEntry> entries, CancellationToken cancellationToken)
    {
        var expected = await ProjectionDelta.OfAsync(db, entries, cancellationToken);
        var mismatches = new List<ReadModelMismatch>();

        var totals = await db.AssistanceTotals.AsNoTracking().Where(t => t.Year == year).ToListAsync(cancellationToken);
        var stored = totals.ToDictionary(t => (Dimension: t.Dimension, Value: t.DimensionValue), t => (t.AmountFen, t.Quantity));
        var computed = expected.Totals.ToDictionary(t => (Dimension: t.Key.Dimension, Value: t.Key.Value), t => t.Value);
        foreach (var key in stored.Keys.Union(computed.Keys))
        {
            var (ledgerFen, ledgerQuantity) = computed.GetValueOrDefault(key);
            var (modelFen, modelQuantity) = stored.GetValueOrDefault(key);
            if (ledgerFen != modelFen || ledgerQuantity != modelQuantity)
            {
                mismatches.Add(new ReadModelMismatch(key.Dimension.ToString(), key.Value, ledgerFen, modelFen));
            }
        }

        var units = await db.AssistanceUnitTotals.AsNoTracking().Where(t => t.Year == year).ToListAsync(cancellationToken);
        var storedUnits = units.ToDictionary(u => u.UnitId, u => (u.DirectFen, u.DirectQuantity, u.SubtreeFen, u.SubtreeQuantity));
        var computedUnits = expected.Units.ToDictionary(u => u.Key.UnitId, u => u.Value);
        foreach (var unitId in storedUnits.Keys.Union(computedUnits.Keys))
        {
            var ledgerRow = computedUnits.GetValueOrDefault(unitId);
            var modelRow = storedUnits.GetValueOrDefault(unitId);
            if (ledgerRow.DirectFen != modelRow.DirectFen || ledgerRow.DirectQuantity != modelRow.DirectQuantity)
            {
                mismatches.Add(new ReadModelMismatch("UnitDirect", unitId.ToString("D"), ledgerRow.DirectFen, modelRow.DirectFen));
            }

            if (ledgerRow.SubtreeFen != modelRow.SubtreeFen || ledgerRow.SubtreeQuantity != modelRow.SubtreeQuantity)
            {
                mismatches.Add(new ReadModelMismatch("UnitSubtree", unitId.ToString("D"), ledgerRow.SubtreeFen, modelRow.SubtreeFen));
            }
        }

        var scopes = await db.AssistanceScopeTotals.AsNoTracking().Where(t => t.Year == year).ToListAsync(cancellationToken);
        var storedScopes = scopes.ToDictionary(t => (t.UnitId, t.Dimension, Value: t.DimensionValue), t => (t.AmountFen, t.Quantity));
        var computedScopes = expected.Scopes.ToDictionary(t => (t.Key.UnitId, t.Key.Dimension, t.Key.Value), t => t.Value);
        foreach (var key in storedScopes.Keys.Union(computedScopes.Keys))
        {
            var (ledgerFen, ledgerQuantity) = computedScopes.GetValueOrDefault(key);
            var (modelFen, modelQuantity) = storedScopes.GetValueOrDefault(key);
            if (ledgerFen != modelFen || ledgerQuantity != modelQuantity)
            {
                mismatches.Add(new ReadModelMismatch($"Scope {key.UnitId:D} {key.Dimension}", key.Value, ledgerFen, modelFen));
            }
        }

        var channels = await db.AssistanceUnitChannelTotals.AsNoTracking().Where(t => t.Year == year).ToListAsync(cancellationToken);
        var storedChannels = channels.ToDictionary(c => (c.UnitId, c.Channel, c.Measure), c => c.SubtreeFen);
        var computedChannels = expected.Channels.ToDictionary(c => (c.Key.UnitId, c.Key.Channel, c.Key.Measure), c => c.Value);
        foreach (var key in storedChannels.Keys.Union(computedChannels.Keys))
        {
            var (ledgerFen, modelFen) = (computedChannels.GetValueOrDefault(key), storedChannels.GetValueOrDefault(key));
            if (ledgerFen != modelFen)
            {
                mismatches.Add(new ReadModelMismatch("UnitChannel", $"{key.UnitId:D}/{key.Channel}/{key.Measure}", ledgerFen, modelFen));
            }
        }

        return mismatches;
    }

    /// <summary>The UTC instants that bound a China-time year (DOMAIN.md rule 6).</summary>
    private static (DateTime From, DateTime To) ChinaYear(int year) =>
        (new DateTime(year - 1, 12, 31, 16, 0, 0, DateTimeKind.Utc), new DateTime(year, 12, 31, 16, 0, 0, DateTimeKind.Utc));
}

/// <summary>An order whose ledger net differs from what it kept; <see cref="ExpectedFen"/> is the order's side.</summary>
public sealed record OrderMismatch(Guid OrderId, string OrderNumber, long ExpectedFen, long LedgerFen);

/// <summary>A read-model row that differs from the ledger: a dimension (or UnitDirect / UnitSubtree / UnitChannel) and its value.</summary>
public sealed record ReadModelMismatch(string Dimension, string Value, long LedgerFen, long ReadModelFen);

public sealed record ReconciliationReport(int Year, long LedgerFen, IReadOnlyList<OrderMismatch> Orders, IReadOnlyList<ReadModelMismatch> ReadModel)
{
    public bool Balanced => Orders.Count == 0 && ReadModel.Count == 0;
}
