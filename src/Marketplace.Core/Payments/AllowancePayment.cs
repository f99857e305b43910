using Marketplace.Core.Data;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Payments;

/// <summary>What the allowance did for an order: the part it paid (zero if nothing) and how the order stands after.</summary>
public sealed record AllowancePaid(long AmountFen, SettleOutcome? Outcome);

/// <summary>
/// Pays an order from the buyer's welfare allowance first (福利额度): the wallet debit and its payment part are one
/// transaction, so the allowance is never spent without its part nor counted without its debit. Once per order: a
/// repeated or concurrent call finds the part (or trips its unique reference) and spends nothing more.
/// </summary>
public sealed class AllowancePayment(MarketplaceDbContext db, WelfareAllowances allowances, PaymentSettlement settlement)
{
    /// <summary>How much the buyer's allowances could pay of the order now, at most what is due; zero if nothing.</summary>
    public async Task<long> QuoteAsync(Guid orderId, Guid buyerId, CancellationToken cancellationToken)
    {
        var due = await settlement.AmountDueAsync(orderId, cancellationToken);
        if (due is not { DueFen: > 0 } || due.Value.BuyerUserId != buyerId || await HasPartAsync(orderId, cancellationToken))
        {
            return 0;
        }

        var quote = await allowances.QuoteAsync(buyerId, await LinesAsync(orderId, cancellationToken), cancellationToken);
        return Math.Min(quote.AllowanceFen, due.Value.DueFen);
    }

    /// <summary>
    /// Spends at most <paramref name="limitFen"/> of the allowance on the order (never more than is due) and records the
    /// part; settles the order when that covers it. Nothing happens if the order already has an allowance part.
    /// </summary>
    public async Task<AllowancePaid> PayAsync(Guid orderId, Guid buyerId, long limitFen, CancellationToken cancellationToken)
    {
        if (limitFen <= 0 || await HasPartAsync(orderId, cancellationToken))
        {
            return new AllowancePaid(0, null);
        }

        var lines = await LinesAsync(orderId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var due = await settlement.AmountDueAsync(orderId, cancellationToken);
            if (due is not { DueFen: > 0 } || due.Value.BuyerUserId != buyerId)
            {
                return new AllowancePaid(0, null);
            }

            var split = await allowances.SpendForOrderAsync(buyerId, orderId, lines, Math.Min(limitFen, due.Value.DueFen), cancellationToken);
            if (split.AllowanceFen == 0)
            {
                return new AllowancePaid(0, null);
            }

            var (_, outcome) = await settlement.RecordSucceededAsync(orderId, PaymentMethod.WelfareAllowance, split.AllowanceFen, ReferenceOf(orderId), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new AllowancePaid(split.AllowanceFen, outcome);
        }
        catch (DbUpdateException)
        {
            // A concurrent submit recorded the part first (its reference is unique): its spend stands, this one is undone.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new AllowancePaid(0, null);
        }
    }

    /// <summary>The allowance part's reference: one per order, which the unique (method, reference) index enforces.</summary>
    public static string ReferenceOf(Guid orderId) => $"welfare-{orderId:N}";

    private Task<bool> HasPartAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Payments.AnyAsync(p => p.OrderId == orderId && p.Method == PaymentMethod.WelfareAllowance, cancellationToken);

    private async Task<IReadOnlyList<WelfareLine>> LinesAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var lines = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId)
            .Select(l => new { l.Id, l.CountyCode, l.Category, l.AmountFen, l.Position }).ToListAsync(cancellationToken);
        return [.. lines.OrderBy(l => l.Position).Select(l => new WelfareLine(l.Id, l.CountyCode!, null, l.Category!.Value, l.AmountFen))];
    }
}
