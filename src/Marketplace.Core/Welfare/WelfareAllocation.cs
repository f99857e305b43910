using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;

namespace Marketplace.Core.Welfare;

/// <summary>
/// One line of an order as the allowance sees it. <see cref="Region"/> may be left null: it is then read from the
/// county table.
/// </summary>
public sealed record WelfareLine(Guid LineId, string CountyCode, AssistedRegion? Region, ProductCategory Category, long AmountFen);

/// <summary>A wallet that can pay now, with what its programme allows.</summary>
public sealed record WelfareSource(Guid WalletId, Guid ProgrammeId, string ProgrammeName, DateTime ExpiresAt, long BalanceFen, WelfareEligibility Eligibility);

/// <summary>Fen of one line paid from (or returned to) one wallet.</summary>
public sealed record WelfarePart(Guid LineId, Guid WalletId, Guid ProgrammeId, string ProgrammeName, long AmountFen);

/// <summary>One line: its amount, how much of it the allowance pays, and from which programmes.</summary>
public sealed record WelfareLineSplit(Guid LineId, long AmountFen, long AllowanceFen, IReadOnlyList<WelfarePart> Parts)
{
    public long RemainderFen => AmountFen - AllowanceFen;
}

/// <summary>The allowance's share of an order, line by line; the rest (<see cref="RemainderFen"/>) is paid another way.</summary>
public sealed record AllowanceSplit(long TotalFen, long AllowanceFen, IReadOnlyList<WelfareLineSplit> Lines)
{
    public long RemainderFen => TotalFen - AllowanceFen;

    public static AllowanceSplit Of(IReadOnlyList<WelfareLine> lines, IReadOnlyList<WelfarePart> parts)
    {
        var split = lines.Select(line =>
        {
            var mine = parts.Where(p => p.LineId == line.LineId).ToList();
            return new WelfareLineSplit(line.LineId, line.AmountFen, mine.Sum(p => p.AmountFen), mine);
        }).ToList();
        return new AllowanceSplit(lines.Sum(l => l.AmountFen), split.Sum(l => l.AllowanceFen), split);
    }
}

/// <summary>
/// Decides which wallets pay which lines: the programme that expires first pays first (money that lapses sooner is
/// used sooner). Within one programme, lines that fewer later programmes could pay come first, so a broad programme
/// does not use up its balance on a line that a narrower one could have paid. Exact to the fen, deterministic.
/// </summary>
public static class WelfareAllocation
{
    public static IReadOnlyList<WelfarePart> Allocate(IReadOnlyList<WelfareSource> sources, IReadOnlyList<WelfareLine> lines, long? limitFen = null)
    {
        var ordered = sources.Where(s => s.BalanceFen > 0).OrderBy(s => s.ExpiresAt).ThenBy(s => s.ProgrammeId).ThenBy(s => s.WalletId).ToList();
        var remaining = lines.ToDictionary(l => l.LineId, l => l.AmountFen);
        var budget = limitFen ?? long.MaxValue;
        var parts = new List<WelfarePart>();
        for (var i = 0; i < ordered.Count && budget > 0; i++)
        {
            var source = ordered[i];
            var balance = source.BalanceFen;
            var later = ordered.Skip(i + 1).ToList();
            var eligible = lines
                .Select((line, index) => (line, index))
                .Where(x => remaining[x.line.LineId] > 0 && source.Eligibility.Allows(x.line))
                .OrderBy(x => later.Count(s => s.Eligibility.Allows(x.line)))
                .ThenBy(x => x.index);
            foreach (var (line, _) in eligible)
            {
                var take = Math.Min(Math.Min(remaining[line.LineId], balance), budget);
                if (take <= 0)
                {
                    break;
                }

                parts.Add(new WelfarePart(line.LineId, source.WalletId, source.ProgrammeId, source.ProgrammeName, take));
                remaining[line.LineId] -= take;
                balance -= take;
                budget -= take;
            }
        }

        return parts;
    }

    /// <summary>Refuses lines the payment side should never send: duplicates, non-positive amounts, malformed counties.</summary>
    public static void Check(IReadOnlyList<WelfareLine> lines)
    {
        if (lines.Count == 0)
        {
            throw new WelfareRuleException("An order has at least one line.");
        }

        if (lines.Select(l => l.LineId).Distinct().Count() != lines.Count)
        {
            throw new WelfareRuleException("A line appears twice.");
        }

        if (lines.Any(l => l.AmountFen <= 0 || !County.IsWellFormedCode(l.CountyCode)))
        {
            throw new WelfareRuleException("Every line needs a positive amount and a 6-digit county code.");
        }
    }
}
