using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Welfare;

/// <summary>One line's share of a refund that goes back to the allowance.</summary>
public sealed record WelfareLineRefund(Guid LineId, long AmountFen);

/// <summary>
/// What a refund returned: each part to the wallet (programme) that paid it. <see cref="ExpiredFen"/> of it reached
/// programmes that had expired meanwhile and lapsed at once (a Refund and an Expire entry): welfare money goes back
/// to the programme, never to the employee as cash.
/// </summary>
public sealed record AllowanceRefund(Guid OrderId, string RefundKey, long RefundedFen, long ExpiredFen, IReadOnlyList<WelfarePart> Parts, IReadOnlyList<WelfarePart> Lapsed);

/// <summary>
/// The allowance as the payment side uses it: quote, spend for an order, refund. Spending and refunding work in the
/// caller's transaction when there is one (then under a savepoint), otherwise in their own; balances change only by
/// conditional updates next to their ledger entries, so concurrent checkouts can never overdraw a wallet.
/// </summary>
public sealed class WelfareAllowances(MarketplaceDbContext db, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    /// <summary>How much of each line the user's allowances could pay now; changes nothing.</summary>
    public async Task<AllowanceSplit> QuoteAsync(Guid userId, IReadOnlyList<WelfareLine> lines, CancellationToken cancellationToken = default)
    {
        WelfareAllocation.Check(lines);
        var resolved = await WithRegionsAsync(lines, cancellationToken);
        var sources = await SourcesAsync(userId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return AllowanceSplit.Of(resolved, WelfareAllocation.Allocate(sources, resolved));
    }

    /// <summary>
    /// Pays as much of the order as the user's allowances allow (at most <paramref name="limitFen"/>), earliest expiry
    /// first, and records it. Once per order: a repeated call returns the recorded split and changes nothing.
    /// </summary>
    public async Task<AllowanceSplit> SpendForOrderAsync(
        Guid userId, Guid orderId, IReadOnlyList<WelfareLine> lines, long? limitFen = null, CancellationToken cancellationToken = default)
    {
        WelfareAllocation.Check(lines);
        if (limitFen < 0)
        {
            throw new WelfareRuleException("The limit cannot be negative.");
        }

        var resolved = await WithRegionsAsync(lines, cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var split = await AttemptAsync(async () =>
            {
                await LockWalletsAsync(userId, cancellationToken);
                if (await RecordedSpendAsync(userId, orderId, resolved, cancellationToken) is { } recorded)
                {
                    return recorded;
                }

                var now = clock.GetUtcNow().UtcDateTime;
                var parts = WelfareAllocation.Allocate(await SourcesAsync(userId, now, cancellationToken), resolved, limitFen);
                // One update per wallet, in id order, so two checkouts of the same user lock rows in the same order.
                foreach (var wallet in parts.GroupBy(p => p.WalletId).OrderBy(g => g.Key))
                {
                    var amount = wallet.Sum(p => p.AmountFen);
                    var walletId = wallet.Key;
                    var taken = await db.Database.ExecuteSqlAsync(
                        $"UPDATE welfare_wallets SET balance_fen = balance_fen - {amount} WHERE id = {walletId} AND user_id = {userId} AND balance_fen >= {amount} AND starts_at <= {now} AND expires_at > {now}",
                        cancellationToken);
                    if (taken != 1)
                    {
                        return null;
                    }
                }

                db.Set<WelfareLedgerEntry>().AddRange(parts.Select(p => WelfareLedgerEntry.Spend(p, userId, orderId, now)));
                await db.SaveChangesAsync(cancellationToken);
                return AllowanceSplit.Of(resolved, parts);
            }, cancellationToken);
            if (split is not null)
            {
                return split;
            }
        }

        throw new WelfareConcurrencyException($"The allowance of order {orderId} changed under {MaxAttempts} attempts; nothing was spent.");
    }

    /// <summary>What the allowance paid of each line of an order, less what it has been refunded already.</summary>
    public async Task<IReadOnlyList<WelfareLineSplit>> RefundableAsync(Guid orderId, CancellationToken cancellationToken = default)
    {
        var parts = await RefundablePartsAsync(orderId, cancellationToken);
        return [.. parts.GroupBy(p => p.LineId).Select(g => new WelfareLineSplit(g.Key, g.Sum(p => p.AmountFen), g.Sum(p => p.AmountFen), [.. g]))];
    }

    /// <summary>Returns everything the allowance paid of the order and has not yet been refunded (a cancellation).</summary>
    public async Task<AllowanceRefund> RefundForOrderAsync(Guid orderId, string refundKey, CancellationToken cancellationToken = default)
    {
        var lines = (await RefundableAsync(orderId, cancellationToken)).Select(l => new WelfareLineRefund(l.LineId, l.AllowanceFen)).ToList();
        return await RefundForOrderAsync(orderId, refundKey, lines, cancellationToken);
    }

    /// <summary>
    /// Returns the given fen of each line to the wallets that paid it, the one that expires last first. A line cannot
    /// get back more than the allowance paid of it less earlier refunds (refused, nothing changed). Once per
    /// <paramref name="refundKey"/>: a repeated call returns what was recorded.
    /// </summary>
    public async Task<AllowanceRefund> RefundForOrderAsync(
        Guid orderId, string refundKey, IReadOnlyList<WelfareLineRefund> lines, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(refundKey) || refundKey.Length > WelfareLedgerEntry.RefundKeyMaxLength)
        {
            throw new WelfareRuleException($"A refund needs a key of at most {WelfareLedgerEntry.RefundKeyMaxLength} characters.");
        }

        if (lines.Select(l => l.LineId).Distinct().Count() != lines.Count || lines.Any(l => l.AmountFen < 0))
        {
            throw new WelfareRuleException("Refund lines must be distinct and not negative.");
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var refund = await AttemptAsync(async () =>
            {
                if (await RecordedRefundAsync(orderId, refundKey, cancellationToken) is { } recorded)
                {
                    return recorded;
                }

                var now = clock.GetUtcNow().UtcDateTime;
                var refundable = await RefundablePartsAsync(orderId, cancellationToken);
                var parts = new List<WelfarePart>();
                foreach (var line in lines.Where(l => l.AmountFen > 0))
                {
                    var mine = refundable.Where(p => p.LineId == line.LineId).ToList();
                    if (mine.Sum(p => p.AmountFen) < line.AmountFen)
                    {
                        throw new WelfareRuleException($"Line {line.LineId} has {mine.Sum(p => p.AmountFen)} fen of allowance to refund, not {line.AmountFen}.");
                    }

                    var left = line.AmountFen;
                    foreach (var part in mine)
                    {
                        var back = Math.Min(left, part.AmountFen);
                        if (back > 0)
                        {
                            parts.Add(part with { AmountFen = back });
                            left -= back;
                        }
                    }
                }

                var wallets = await WalletsAsync(parts.Select(p => p.WalletId), cancellationToken);
                var lapsed = new List<WelfarePart>();
                foreach (var part in parts)
                {
                    var wallet = wallets[part.WalletId];
                    db.Set<WelfareLedgerEntry>().Add(WelfareLedgerEntry.Refund(part, wallet.UserId, orderId, refundKey, now));
                    if (wallet.ExpiresAt <= now)
                    {
                        db.Set<WelfareLedgerEntry>().Add(WelfareLedgerEntry.ExpireRefund(part, wallet.UserId, orderId, refundKey, now));
                        lapsed.Add(part);
                        continue;
                    }

                    var amount = part.AmountFen;
                    await db.Database.ExecuteSqlAsync($"UPDATE welfare_wallets SET balance_fen = balance_fen + {amount} WHERE id = {part.WalletId}", cancellationToken);
                }

                await db.SaveChangesAsync(cancellationToken);
                return new AllowanceRefund(orderId, refundKey, parts.Sum(p => p.AmountFen), lapsed.Sum(p => p.AmountFen), parts, lapsed);
            }, cancellationToken);
            if (refund is not null)
            {
                return refund;
            }
        }

        throw new WelfareConcurrencyException($"The refund {refundKey} of order {orderId} kept conflicting; nothing was refunded.");
    }

    /// <summary>
    /// On PostgreSQL, one user's checkouts take turns (row locks in id order, held to the end of the transaction), so
    /// the balances read next are current and the conditional updates rarely miss. SQLite has one writer at a time
    /// anyway. The conditional updates stay the guarantee either way.
    /// </summary>
    private async Task LockWalletsAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT id FROM welfare_wallets WHERE user_id = {userId} ORDER BY id FOR UPDATE", cancellationToken);
        }
    }

    /// <summary>The wallets that can pay now, with their programmes' names and eligibility.</summary>
    private async Task<IReadOnlyList<WelfareSource>> SourcesAsync(Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Set<WelfareWallet>().AsNoTracking()
            .Where(w => w.UserId == userId && w.BalanceFen > 0 && w.StartsAt <= now && w.ExpiresAt > now)
            .Join(db.Set<WelfareProgramme>(), w => w.ProgrammeId, p => p.Id, (w, p) => new { Wallet = w, Programme = p })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new WelfareSource(r.Wallet.Id, r.Programme.Id, r.Programme.Name, r.Wallet.ExpiresAt, r.Wallet.BalanceFen, r.Programme.Eligibility))];
    }

    private async Task<IReadOnlyList<WelfareLine>> WithRegionsAsync(IReadOnlyList<WelfareLine> lines, CancellationToken cancellationToken)
    {
        var missing = lines.Where(l => l.Region is null).Select(l => l.CountyCode).Distinct().ToList();
        if (missing.Count == 0)
        {
            return lines;
        }

        var regions = await db.Set<County>().AsNoTracking().Where(c => missing.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Region, cancellationToken);
        return [.. lines.Select(l => l.Region is null && regions.TryGetValue(l.CountyCode, out var region) ? l with { Region = region } : l)];
    }

    private async Task<AllowanceSplit?> RecordedSpendAsync(Guid userId, Guid orderId, IReadOnlyList<WelfareLine> lines, CancellationToken cancellationToken)
    {
        var spent = await EntriesOfAsync(orderId, WelfareEntryKind.Spend, cancellationToken);
        if (spent.Count == 0)
        {
            return null;
        }

        if (spent.Any(e => e.Entry.UserId != userId))
        {
            throw new WelfareRuleException($"Order {orderId} was paid from another user's allowance.");
        }

        return AllowanceSplit.Of(lines, [.. spent.Select(e => Part(e.Entry, e.Name, -e.Entry.AmountFen))]);
    }

    private async Task<AllowanceRefund?> RecordedRefundAsync(Guid orderId, string refundKey, CancellationToken cancellationToken)
    {
        var entries = (await EntriesOfAsync(orderId, null, cancellationToken)).Where(e => e.Entry.RefundKey == refundKey).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var parts = entries.Where(e => e.Entry.Kind == WelfareEntryKind.Refund).Select(e => Part(e.Entry, e.Name, e.Entry.AmountFen)).ToList();
        var lapsed = entries.Where(e => e.Entry.Kind == WelfareEntryKind.Expire).Select(e => Part(e.Entry, e.Name, -e.Entry.AmountFen)).ToList();
        return new AllowanceRefund(orderId, refundKey, parts.Sum(p => p.AmountFen), lapsed.Sum(p => p.AmountFen), parts, lapsed);
    }

    /// <summary>Per line and wallet, spent less refunded; within a line, the wallet that expires last first.</summary>
    private async Task<List<WelfarePart>> RefundablePartsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var entries = await EntriesOfAsync(orderId, null, cancellationToken);
        var expiry = await WalletsAsync(entries.Select(e => e.Entry.WalletId), cancellationToken);
        return [.. entries
            .Where(e => e.Entry.Kind is WelfareEntryKind.Spend or WelfareEntryKind.Refund)
            .GroupBy(e => (LineId: e.Entry.OrderLineId!.Value, e.Entry.WalletId))
            .Select(g => Part(g.First().Entry, g.First().Name, -g.Sum(e => e.Entry.AmountFen)))
            .Where(p => p.AmountFen > 0)
            .OrderBy(p => p.LineId).ThenByDescending(p => expiry[p.WalletId].ExpiresAt).ThenByDescending(p => p.WalletId)];
    }

    private async Task<List<(WelfareLedgerEntry Entry, string Name)>> EntriesOfAsync(Guid orderId, WelfareEntryKind? kind, CancellationToken cancellationToken)
    {
        var rows = await db.Set<WelfareLedgerEntry>().AsNoTracking()
            .Where(e => e.OrderId == orderId && (kind == null || e.Kind == kind))
            .Join(db.Set<WelfareProgramme>(), e => e.ProgrammeId, p => p.Id, (e, p) => new { Entry = e, p.Name })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Entry.Id).Select(r => (r.Entry, r.Name))];
    }

    private async Task<Dictionary<Guid, WelfareWallet>> WalletsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<WelfareWallet>().AsNoTracking().Where(w => list.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
    }

    private static WelfarePart Part(WelfareLedgerEntry entry, string name, long amountFen) =>
        new(entry.OrderLineId!.Value, entry.WalletId, entry.ProgrammeId, name, amountFen);

    /// <summary>
    /// Runs <paramref name="work"/> in the caller's transaction under a savepoint, or in a transaction of its own.
    /// Null from the work (a wallet changed under it) or a unique-index conflict (the same order spent or refunded at
    /// the same moment elsewhere) undoes it and answers null, so the caller tries again.
    /// </summary>
    private async Task<T?> AttemptAsync<T>(Func<Task<T?>> work, CancellationToken cancellationToken) where T : class
    {
        var outer = db.Database.CurrentTransaction;
        const string savepoint = "welfare_allowance";
        var own = outer is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (outer is not null)
            {
                await outer.CreateSavepointAsync(savepoint, cancellationToken);
            }

            T? result;
            try
            {
                result = await work();
            }
            catch (DbUpdateException)
            {
                result = null;
            }

            if (result is null)
            {
                Forget();
                if (own is not null)
                {
                    await own.RollbackAsync(cancellationToken);
                }
                else
                {
                    await outer!.RollbackToSavepointAsync(savepoint, cancellationToken);
                }

                return null;
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            else
            {
                await outer!.ReleaseSavepointAsync(savepoint, cancellationToken);
            }

            return result;
        }
        catch
        {
            Forget();
            if (outer is not null)
            {
                await outer.RollbackToSavepointAsync(savepoint, CancellationToken.None);
            }

            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private void Forget()
    {
        foreach (var entry in db.ChangeTracker.Entries<WelfareLedgerEntry>().Where(e => e.State == EntityState.Added).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
