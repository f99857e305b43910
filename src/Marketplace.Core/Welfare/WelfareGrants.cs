using Marketplace.Core.Data;
using Marketplace.Core.Invitations;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Welfare;

/// <summary>How a grant went: wallets created now, and employees who had one already (a grant never doubles).</summary>
public sealed record GrantResult(int Granted, int AlreadyGranted, long GrantedFen);

/// <summary>Grants a programme to employees of its unit: one wallet and one Grant entry each, at most once per employee.</summary>
public static class WelfareGrants
{
    /// <summary>Users who hold the Employee role in <paramref name="unitId"/> now.</summary>
    public static Task<List<Guid>> EmployeesAsync(MarketplaceDbContext db, Guid unitId, CancellationToken cancellationToken) =>
        db.Memberships.Where(m => m.OrganizationId == unitId && m.Roles.Any(r => r.Role == OrganizationRole.Employee))
            .Select(m => m.UserId).ToListAsync(cancellationToken);

    /// <summary>
    /// The current employees of <paramref name="unitId"/> by employee number (工号, from the invitation they accepted),
    /// and the numbers that match nobody there.
    /// </summary>
    public static async Task<(Dictionary<string, Guid> Found, List<string> Unknown)> ByEmployeeNumbersAsync(
        MarketplaceDbContext db, Guid unitId, IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var employees = await EmployeesAsync(db, unitId, cancellationToken);
        var rows = await db.Invitations
            .Where(i => i.OrganizationId == unitId && i.Status == InvitationStatus.Accepted && i.EmployeeNumber != null && wanted.Contains(i.EmployeeNumber!)
                && i.AcceptedUserId != null)
            .Select(i => new { Number = i.EmployeeNumber!, UserId = i.AcceptedUserId!.Value })
            .ToListAsync(cancellationToken);
        var found = rows.Where(r => employees.Contains(r.UserId)).GroupBy(r => r.Number).ToDictionary(g => g.Key, g => g.First().UserId, StringComparer.Ordinal);
        return (found, [.. wanted.Where(n => !found.ContainsKey(n))]);
    }

    /// <summary>Adds wallets and Grant entries for those of <paramref name="userIds"/> without one; the caller saves.</summary>
    public static async Task<GrantResult> GrantAsync(
        MarketplaceDbContext db, WelfareProgramme programme, IReadOnlyCollection<Guid> userIds, Guid actorUserId, DateTime now, CancellationToken cancellationToken)
    {
        var distinct = userIds.Distinct().ToList();
        var existing = await db.Set<WelfareWallet>().Where(w => w.ProgrammeId == programme.Id && distinct.Contains(w.UserId))
            .Select(w => w.UserId).ToListAsync(cancellationToken);
        var granted = 0;
        foreach (var userId in distinct.Except(existing))
        {
            var wallet = programme.GrantTo(userId, now);
            db.Set<WelfareWallet>().Add(wallet);
            db.Set<WelfareLedgerEntry>().Add(WelfareLedgerEntry.Grant(wallet, actorUserId, now));
            granted++;
        }

        return new GrantResult(granted, existing.Count, granted * programme.AmountPerEmployeeFen);
    }

    /// <summary>
    /// Grants each person the given fen of <paramref name="programme"/> (a campaign's unspent allowance): a new wallet
    /// with that balance, or that much more in the wallet they hold, next to a Grant entry. Nothing while the programme
    /// cannot be spent any more (then it lapses). Run inside the caller's transaction: the top-ups are SQL updates, and
    /// the caller saves.
    /// </summary>
    public static async Task<long> CreditAsync(
        MarketplaceDbContext db, WelfareProgramme programme, IReadOnlyDictionary<Guid, long> amounts, Guid actorUserId, DateTime now, CancellationToken cancellationToken)
    {
        if (programme.Status == WelfareProgrammeStatus.Expired || now >= programme.ExpiresAt)
        {
            return 0;
        }

        var wanted = amounts.Where(a => a.Value > 0).ToDictionary(a => a.Key, a => a.Value);
        var userIds = wanted.Keys.ToList();
        var held = await db.Set<WelfareWallet>().AsNoTracking().Where(w => w.ProgrammeId == programme.Id && userIds.Contains(w.UserId))
            .ToDictionaryAsync(w => w.UserId, cancellationToken);
        foreach (var (userId, amount) in wanted.OrderBy(a => a.Key))
        {
            if (held.TryGetValue(userId, out var wallet))
            {
                var walletId = wallet.Id;
                await db.Database.ExecuteSqlAsync($"UPDATE welfare_wallets SET balance_fen = balance_fen + {amount} WHERE id = {walletId}", cancellationToken);
                db.Set<WelfareLedgerEntry>().Add(WelfareLedgerEntry.Credit(wallet, amount, actorUserId, now));
                continue;
            }

            var created = new WelfareWallet(programme, userId, amount, now);
            db.Set<WelfareWallet>().Add(created);
            db.Set<WelfareLedgerEntry>().Add(WelfareLedgerEntry.Grant(created, actorUserId, now));
        }

        return wanted.Values.Sum();
    }
}
