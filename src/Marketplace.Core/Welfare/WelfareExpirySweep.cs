using Marketplace.Core.Data;
using Marketplace.Core.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Welfare;

/// <summary>
/// Writes an Expire entry that takes each expired wallet's balance to zero, and marks past programmes expired. Each
/// wallet is its own transaction, its update conditional on the balance it read, so several processes may sweep
/// at once and a balance expires once. Spending stops at the expiry moment by itself; the sweep makes the ledger say so.
/// </summary>
public sealed class WelfareExpirySweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WelfareOptions> options)
    : IPeriodicSweep
{
    private const int Batch = 200;

    public TimeSpan Interval => options.Value.SweepInterval;

    public string Name => "welfare expiry sweep";

    /// <summary>One pass; returns how many wallets it expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = 0;
        while (true)
        {
            List<WelfareWallet> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
                due = await db.Set<WelfareWallet>().AsNoTracking().Where(w => w.ExpiresAt <= now && w.BalanceFen > 0)
                    .OrderBy(w => w.ExpiresAt).ThenBy(w => w.Id).Take(Batch).ToListAsync(cancellationToken);
            }

            var done = 0;
            foreach (var wallet in due)
            {
                done += await ExpireAsync(wallet, now, cancellationToken);
            }

            expired += done;
            if (due.Count < Batch || done == 0)
            {
                break;
            }
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            await db.Set<WelfareProgramme>().Where(p => p.Status == WelfareProgrammeStatus.Active && p.ExpiresAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, WelfareProgrammeStatus.Expired), cancellationToken);
        }

        return expired;
    }

    private async Task<int> ExpireAsync(WelfareWallet wallet, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var balance = wallet.BalanceFen;
        // A refund that landed since the read changes the balance: this pass leaves the wallet to the next.
        if (await db.Database.ExecuteSqlAsync(
                $"UPDATE welfare_wallets SET balance_fen = 0 WHERE id = {wallet.Id} AND balance_fen = {balance}", cancellationToken) != 1)
        {
            return 0;
        }

        db.Set<WelfareLedgerEntry>().Add(WelfareLedgerEntry.Expire(wallet.Id, wallet.ProgrammeId, wallet.UserId, balance, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return 1;
    }
}
