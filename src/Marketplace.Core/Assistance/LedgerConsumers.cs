using MassTransit;
using Marketplace.Contracts.Ordering;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Assistance;

/// <summary>A paid order becomes one ledger entry per line and funding source, dated by its payment (China time).</summary>
public sealed class OrderPaidLedgerConsumer(MarketplaceDbContext db, TimeProvider clock) : TransactionalConsumer<OrderPaid>(db, clock)
{
    protected override async Task Handle(ConsumeContext<OrderPaid> context)
    {
        var paid = context.Message;
        var cancellationToken = context.CancellationToken;
        var lineIds = paid.Lines.Select(l => l.LineId).ToList();
        var recorded = await Db.AssistanceEntries.Where(e => e.Kind == EntryKind.Purchase && lineIds.Contains(e.LineId)).Select(e => e.LineId).ToListAsync(cancellationToken);
        var codes = paid.Lines.Select(l => l.CountyCode).Distinct().ToList();
        var counties = await Db.Counties.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, cancellationToken);
        var channel = Enum.Parse<OrderChannel>(paid.Channel);
        var funding = Enum.Parse<FundingSource>(paid.FundingSource);
        var added = new List<AssistanceEntry>();
        foreach (var line in paid.Lines.Where(l => !recorded.Contains(l.LineId)))
        {
            var ledgerLine = new LedgerLine(
                paid.OrderId, paid.OrderNumber, line.LineId, line.SupplierId, Enum.Parse<ProductCategory>(line.Category), line.Quantity, line.AmountFen,
                paid.BuyerUserId, paid.BuyerUnitId, channel, funding, paid.CampaignCode);
            added.AddRange(AssistanceEntry.Funded(ledgerLine, line.AllowanceFen).Select(part => AssistanceEntry.Purchase(part, counties[line.CountyCode], paid.PaidAt)));
        }

        await Ledger.AddAsync(Db, added, cancellationToken);
    }
}

/// <summary>
/// A refund takes back its amount from the line's purchase entries, as new negative entries: the allowance's row first,
/// as the payments side returns the group's money first.
/// </summary>
public sealed class OrderRefundedLedgerConsumer(MarketplaceDbContext db, TimeProvider clock) : TransactionalConsumer<OrderRefunded>(db, clock)
{
    protected override async Task Handle(ConsumeContext<OrderRefunded> context)
    {
        var refund = context.Message;
        var cancellationToken = context.CancellationToken;
        var added = new List<AssistanceEntry>();
        foreach (var line in refund.Lines.Where(l => l.AmountFen > 0))
        {
            if (await Db.AssistanceEntries.AnyAsync(e => e.LineId == line.LineId && e.Kind == EntryKind.Refund && e.SourceId == refund.RefundId, cancellationToken))
            {
                continue;
            }

            var entries = await Ledger.OfLineAsync(Db, line.LineId, cancellationToken);
            var purchases = entries.Where(e => e.Kind == EntryKind.Purchase).OrderBy(e => e.FundingSource == FundingSource.WelfareAllowance ? 0 : 1).ToList();
            var left = line.AmountFen;
            var takes = new List<(AssistanceEntry Purchase, long AmountFen)>();
            foreach (var purchase in purchases)
            {
                var take = purchase == purchases[^1] ? left : Math.Min(left, entries.Where(e => e.FundingSource == purchase.FundingSource).Sum(e => e.AmountFen));
                if (take > 0)
                {
                    takes.Add((purchase, take));
                    left -= take;
                }
            }

            // The refunded quantity goes on the last row taken, so the line's quantities still add up.
            added.AddRange(takes.Select((t, i) => AssistanceEntry.Reversal(
                EntryKind.Refund, refund.RefundId, t.Purchase, t.AmountFen, i == takes.Count - 1 ? line.Quantity : 0, refund.RefundedAt)));
        }

        await Ledger.AddAsync(Db, added, cancellationToken);
    }
}

/// <summary>A paid order cancelled before shipment takes back what is left of each line.</summary>
public sealed class OrderCancelledLedgerConsumer(MarketplaceDbContext db, TimeProvider clock) : TransactionalConsumer<OrderCancelled>(db, clock)
{
    protected override async Task Handle(ConsumeContext<OrderCancelled> context)
    {
        var cancelled = context.Message;
        if (!cancelled.WasPaid)
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        var entries = await Db.AssistanceEntries.Where(e => e.OrderId == cancelled.OrderId).ToListAsync(cancellationToken);
        if (!entries.Any(e => e.Kind == EntryKind.Purchase))
        {
            throw new InvalidOperationException($"Order {cancelled.OrderId} was paid but its purchase is not in the ledger yet; retry.");
        }

        var added = new List<AssistanceEntry>();
        foreach (var purchase in entries.Where(e => e.Kind == EntryKind.Purchase))
        {
            var ofLine = entries.Where(e => e.LineId == purchase.LineId && e.FundingSource == purchase.FundingSource).ToList();
            if (ofLine.Any(e => e.Kind == EntryKind.Cancellation))
            {
                continue;
            }

            var leftFen = ofLine.Sum(e => e.AmountFen);
            var leftQuantity = ofLine.Sum(e => e.Quantity);
            if (leftFen > 0)
            {
                added.Add(AssistanceEntry.Reversal(EntryKind.Cancellation, cancelled.OrderId, purchase, leftFen, Math.Max(leftQuantity, 0), cancelled.CancelledAt));
            }
        }

        await Ledger.AddAsync(Db, added, cancellationToken);
    }
}

internal static class Ledger
{
    /// <summary>
    /// New entries and what they add to the read model, in the consumer's transaction. The totals are written last: every
    /// paid order adds to the same rows (the year's group total, its county, its category), and a row stays locked from
    /// its write to the commit, so the entries go first and the totals' locks last only for one round trip and the commit.
    /// </summary>
    public static async Task AddAsync(MarketplaceDbContext db, IReadOnlyCollection<AssistanceEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var delta = await ProjectionDelta.OfAsync(db, entries, cancellationToken);
        db.AssistanceEntries.AddRange(entries);
        await db.SaveChangesAsync(cancellationToken);
        await delta.WriteAsync(db, cancellationToken);
    }

    /// <summary>The line's entries; no purchase among them means the payment event has not been handled yet, so the caller retries.</summary>
    public static async Task<List<AssistanceEntry>> OfLineAsync(MarketplaceDbContext db, Guid lineId, CancellationToken cancellationToken)
    {
        var entries = await db.AssistanceEntries.AsNoTracking().Where(e => e.LineId == lineId).ToListAsync(cancellationToken);
        return entries.Any(e => e.Kind == EntryKind.Purchase)
            ? entries
            : throw new InvalidOperationException($"Line {lineId} has no purchase in the ledger yet; retry.");
    }
}

public sealed class OrderPaidLedgerConsumerDefinition : MarketplaceConsumerDefinition<OrderPaidLedgerConsumer>;

public sealed class OrderRefundedLedgerConsumerDefinition : MarketplaceConsumerDefinition<OrderRefundedLedgerConsumer>;

public sealed class OrderCancelledLedgerConsumerDefinition : MarketplaceConsumerDefinition<OrderCancelledLedgerConsumer>;
