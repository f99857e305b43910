namespace Marketplace.Core.Catalog;

/// <summary>
/// One share of a SKU's stock. A buyer takes from one slot, so buyers of the same SKU lock different rows and commit
/// side by side; with the whole stock in one row each would wait for the previous buyer's commit. The SKU's stock is
/// the sum of its slots.
/// </summary>
public sealed class StockSlot
{
    /// <summary>At most this many slots per SKU: 16 let 16 buyers of one SKU commit together.</summary>
    public const int MaxSlots = 16;

    /// <summary>A slot is split off only for this many pieces, so a small stock stays in few slots and an order rarely spans several.</summary>
    public const int MinPiecesPerSlot = 8;

    private StockSlot()
    {
    }

    public int Slot { get; private set; }

    public int Pieces { get; private set; }

    /// <summary>
    /// The pieces of each slot for <paramref name="stock"/>: split evenly over as many slots as it fills (1 to
    /// <see cref="MaxSlots"/>), the earlier slots taking the remainder.
    /// </summary>
    public static int[] Shares(int stock)
    {
        var count = Math.Clamp(stock / MinPiecesPerSlot, 1, MaxSlots);
        return [.. Enumerable.Range(0, count).Select(slot => stock / count + (slot < stock % count ? 1 : 0))];
    }

    /// <summary>Sets <paramref name="slots"/> to <see cref="Shares"/> of <paramref name="stock"/>, reusing the slots there are.</summary>
    internal static void Split(List<StockSlot> slots, int stock)
    {
        var shares = Shares(stock);
        slots.RemoveAll(s => s.Slot >= shares.Length);
        for (var slot = 0; slot < shares.Length; slot++)
        {
            if (slots.Find(s => s.Slot == slot) is { } kept)
            {
                kept.Pieces = shares[slot];
            }
            else
            {
                slots.Add(new StockSlot { Slot = slot, Pieces = shares[slot] });
            }
        }
    }
}
