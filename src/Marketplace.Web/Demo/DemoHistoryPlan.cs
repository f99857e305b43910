using Marketplace.Core.Catalog;

namespace Marketplace.Web.Demo;

/// <summary>A demo SKU by its listing's product code and its own code.</summary>
public sealed record DemoSkuRef(string Listing, string Sku);

/// <summary>
/// One part of the story year: what its paid orders add up to, whether units buy on their procurement funds (paid by
/// corporate transfer) or employees with their own money (帮助销售), the SKUs of its orders and how many pieces a line
/// has, the SKUs that close the exact total (the closing SKU takes what the capped ones leave, in multiples of its price),
/// and the months its orders fall in (none: the whole year, weighted to the festivals).
/// </summary>
public sealed record DemoStream(
    string Name, long TargetFen, bool UnitProcurement, IReadOnlyList<DemoSkuRef> Skus, int MinPieces, int MaxPieces, int MaxLines,
    DemoSkuRef Closing, IReadOnlyList<DemoSkuRef> ClosingCapped, IReadOnlyList<int>? Months = null);

/// <summary>A SKU as the planner prices it: the catalog's own price function, and the pieces a line may have at the base price.</summary>
public sealed record PlannerSku(DemoSkuRef Ref, Guid Id, ListingSku Sku, int MinimumOrder)
{
    public long AmountFor(int quantity) => quantity * Sku.UnitPriceFor(quantity);

    /// <summary>Most pieces a line has at the base price (below the first volume tier).</summary>
    public int BaseCap => Sku.VolumeTiers.Count == 0 ? OrderingLimits.MaxQuantity : Sku.VolumeTiers.Min(t => t.MinQuantity) - 1;
}

internal static class OrderingLimits
{
    public const int MaxQuantity = Marketplace.Core.Ordering.OrderingOptions.MaxQuantityPerLine;
}

public sealed record PlannedLine(Guid SkuId, int Quantity, long AmountFen);

public sealed record PlannedOrder(string Stream, bool UnitProcurement, int Month, IReadOnlyList<PlannedLine> Lines)
{
    public long AmountFen => Lines.Sum(l => l.AmountFen);
}

/// <summary>
/// Plans the story year's orders so that each stream's lines, priced as the order service prices them (the catalog's
/// volume tiers by the SKU's pieces in the order), add up to the stream's target to the fen: orders of random size
/// until what is left is small, then one order (or a few, for uniforms) whose quantities are solved to close the gap.
/// Deterministic: the same catalog gives the same plan.
/// </summary>
public static class DemoHistoryPlanner
{
    private const int MaxClosingPieces = 200;

    /// <summary>Months weighted to the Spring Festival and the Mid-Autumn and year-end drives.</summary>

    private static readonly int[] MonthWeights = [14, 10, 6, 6, 7, 8, 6, 6, 12, 9, 7, 9];

    public static IReadOnlyList<PlannedOrder> Plan(DemoStream stream, IReadOnlyDictionary<DemoSkuRef, PlannerSku> skus, int seed)
    {
        var random = new Random(seed);
        var pool = stream.Skus.Select(s => skus[s]).ToList();
        var closing = skus[stream.Closing];
        var capped = stream.ClosingCapped.Select(s => skus[s]).ToList();
        // Left for the closing order: no more than its capped lines can make when there is no closing SKU to take the rest.
        var capacity = capped.Sum(s => s.AmountFor(Math.Min(s.BaseCap, MaxClosingPieces)));
        var reserve = capacity;
        var orders = new List<PlannedOrder>();
        var left = stream.TargetFen;
        while (true)
        {
            var lines = pool.OrderBy(_ => random.Next()).Take(random.Next(1, stream.MaxLines + 1))
                .Select(s => Line(s, random.Next(Math.Max(stream.MinPieces, s.MinimumOrder), stream.MaxPieces + 1))).ToList();
            var amount = lines.Sum(l => l.AmountFen);
            if (left - amount < reserve)
            {
                break;
            }

            orders.Add(new PlannedOrder(stream.Name, stream.UnitProcurement, Month(random, stream.Months), lines));
            left -= amount;
        }

        foreach (var lines in Close(left, closing, capped))
        {
            orders.Add(new PlannedOrder(stream.Name, stream.UnitProcurement, Month(random, stream.Months), lines));
        }

        return orders;
    }

    /// <summary>
    /// Orders adding up to exactly <paramref name="left"/>: each capped SKU at most once below its first tier (solved over
    /// the residues of the closing SKU's price), the rest in the closing SKU at its base price, split into more orders
    /// when it would reach the SKU's first tier.
    /// </summary>
    private static IEnumerable<IReadOnlyList<PlannedLine>> Close(long left, PlannerSku closing, IReadOnlyList<PlannerSku> capped)
    {
        if (left == 0)
        {
            yield break;
        }

        const long unit = 10;
        if (left % unit != 0)
        {
            throw new InvalidOperationException($"{left} fen cannot be made of prices in whole jiao.");
        }

        var modulus = closing.Sku.PriceFen / unit;
        var goal = left / unit;
        long Key(long value) => value % modulus;

        // Per capped SKU, the states it reaches: key → (previous key, its quantity).
        var layers = new List<Dictionary<long, (long Previous, int Quantity)>>();
        var reached = new Dictionary<long, long> { [0] = 0 };
        foreach (var sku in capped)
        {
            var layer = new Dictionary<long, (long, int)>();
            var next = new Dictionary<long, long>();
            foreach (var (key, sum) in reached)
            {
                for (var q = 0; q <= Math.Min(sku.BaseCap, MaxClosingPieces); q = q == 0 ? Math.Max(1, sku.MinimumOrder) : q + 1)
                {
                    var total = sum + (q * sku.Sku.PriceFen / unit);
                    if (total > goal)
                    {
                        break;
                    }

                    if (next.TryAdd(Key(total), total))
                    {
                        layer[Key(total)] = (key, q);
                    }
                }
            }

            layers.Add(layer);
            reached = next;
        }

        var target = Key(goal);
        if (!reached.TryGetValue(target, out var cappedSum))
        {
            throw new InvalidOperationException($"The closing SKUs cannot make {left} fen exactly.");
        }

        var lines = new List<PlannedLine>();
        for (var i = capped.Count - 1; i >= 0; i--)
        {
            var (previous, quantity) = layers[i][target];
            if (quantity > 0)
            {
                lines.Add(Line(capped[i], quantity));
            }

            target = previous;
        }

        // The rest in the closing SKU at its base price: in lines below its first tier, the first beside the capped lines.
        var rest = checked((int)((goal - cappedSum) * unit / closing.Sku.PriceFen));
        var parts = (rest + closing.BaseCap - 1) / closing.BaseCap;
        for (var part = 0; part < parts; part++)
        {
            var quantity = (rest / parts) + (part < rest % parts ? 1 : 0);
            if (part == 0)
            {
                lines.Add(Line(closing, quantity));
                yield return lines;
            }
            else
            {
                yield return [Line(closing, quantity)];
            }
        }

        if (parts == 0)
        {
            yield return lines;
        }
    }

    private static PlannedLine Line(PlannerSku sku, int quantity) => new(sku.Id, quantity, sku.AmountFor(quantity));

    private static int Month(Random random, IReadOnlyList<int>? months)
    {
        var weights = MonthWeights.Select((weight, i) => months is null || months.Contains(i + 1) ? weight : 0).ToArray();
        var pick = random.Next(weights.Sum());
        for (var month = 0; month < weights.Length; month++)
        {
            pick -= weights[month];
            if (pick < 0)
            {
                return month + 1;
            }
        }

        return 12;
    }
}
