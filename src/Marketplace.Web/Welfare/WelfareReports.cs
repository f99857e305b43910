using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Welfare;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Welfare;

/// <summary>
/// A programme's money so far: granted, spent (net of nothing), refunded, expired, and what is left in the wallets
/// (granted − spent + refunded − expired).
/// </summary>
public sealed record WelfareTotals(int Employees, long GrantedFen, long SpentFen, long RefundedFen, long ExpiredFen, long BalanceFen);

public sealed record WelfareProgrammeResponse(
    Guid Id, Guid UnitId, string Name, long AmountPerEmployeeFen, DateOnly ValidFrom, DateOnly ValidUntil, WelfareProgrammeStatus Status,
    IReadOnlyList<string> CountyCodes, IReadOnlyList<AssistedRegion> Regions, IReadOnlyList<ProductCategory> Categories,
    WelfareTotals Totals, DateTime CreatedAt);

/// <summary>A unit's programmes with their totals, newest first, for its admins, finance and operators.</summary>
public sealed class WelfareReports(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<WelfareProgrammeResponse>?> ListAsync(Guid unitId, CancellationToken cancellationToken = default)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == unitId && o.Kind == Core.Organizations.OrganizationKind.MemberUnit, cancellationToken))
        {
            return null;
        }

        var programmes = await db.WelfareProgrammes.AsNoTracking().Where(p => p.UnitId == unitId).OrderByDescending(p => p.CreatedAt).ToListAsync(cancellationToken);
        return await WithTotalsAsync(programmes, cancellationToken);
    }

    public async Task<WelfareProgrammeResponse?> ProgrammeAsync(Guid unitId, Guid programmeId, CancellationToken cancellationToken = default)
    {
        var programme = await db.WelfareProgrammes.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programmeId && p.UnitId == unitId, cancellationToken);
        return programme is null ? null : (await WithTotalsAsync([programme], cancellationToken))[0];
    }

    private async Task<IReadOnlyList<WelfareProgrammeResponse>> WithTotalsAsync(List<WelfareProgramme> programmes, CancellationToken cancellationToken)
    {
        var ids = programmes.Select(p => p.Id).ToList();
        var sums = await db.WelfareLedgerEntries.Where(e => ids.Contains(e.ProgrammeId))
            .GroupBy(e => new { e.ProgrammeId, e.Kind })
            .Select(g => new { g.Key.ProgrammeId, g.Key.Kind, Fen = g.Sum(e => e.AmountFen) })
            .ToListAsync(cancellationToken);
        var employees = await db.WelfareWallets.Where(w => ids.Contains(w.ProgrammeId)).GroupBy(w => w.ProgrammeId)
            .Select(g => new { ProgrammeId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.ProgrammeId, g => g.Count, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. programmes.Select(p =>
        {
            long Sum(WelfareEntryKind kind) => sums.Where(s => s.ProgrammeId == p.Id && s.Kind == kind).Sum(s => s.Fen);
            var granted = Sum(WelfareEntryKind.Grant);
            var spent = -Sum(WelfareEntryKind.Spend);
            var refunded = Sum(WelfareEntryKind.Refund);
            var expired = -Sum(WelfareEntryKind.Expire);
            var totals = new WelfareTotals(employees.GetValueOrDefault(p.Id), granted, spent, refunded, expired, granted - spent + refunded - expired);
            return Response(p, totals, now);
        })];
    }

    /// <summary>Expired as soon as its last day is over, whether or not the sweep has run.</summary>
    internal static WelfareProgrammeStatus StatusAt(WelfareProgramme p, DateTime now) =>
        now >= p.ExpiresAt ? WelfareProgrammeStatus.Expired : p.Status;

    private static WelfareProgrammeResponse Response(WelfareProgramme p, WelfareTotals totals, DateTime now)
    {
        var eligibility = p.Eligibility;
        return new(p.Id, p.UnitId, p.Name, p.AmountPerEmployeeFen, p.ValidFrom, p.ValidUntil, StatusAt(p, now),
            eligibility.CountyCodes, eligibility.Regions, eligibility.Categories, totals, p.CreatedAt);
    }
}
