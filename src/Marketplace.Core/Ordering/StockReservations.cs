using Marketplace.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Ordering;

/// <summary>
/// Stock is held with one conditional decrement per SKU, so two buyers can never take the same last piece and the
/// stock never goes below zero, on any number of order-service processes. Call inside the caller's transaction.
/// </summary>
public static class StockReservations
{
    /// <summary>Takes <paramref name="quantity"/> pieces of <paramref name="skuId"/>; false, changing nothing, if fewer are left.</summary>
    public static async Task<bool> TryTakeAsync(MarketplaceDbContext db, Guid skuId, int quantity, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync(
            $"UPDATE listing_skus SET stock = stock - {quantity} WHERE id = {skuId} AND stock >= {quantity}",
            cancellationToken) == 1;

    public static Task ReturnAsync(MarketplaceDbContext db, Guid skuId, int quantity, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"UPDATE listing_skus SET stock = stock + {quantity} WHERE id = {skuId}", cancellationToken);

    /// <summary>Gives back what a cancelled or expired order held (shipped pieces are gone and stay gone).</summary>
    public static async Task ReleaseAsync(MarketplaceDbContext db, Order order, CancellationToken cancellationToken)
    {
        foreach (var line in order.Lines.Where(l => l.Quantity > l.ShippedQuantity).OrderBy(l => l.SkuId))
        {
            await ReturnAsync(db, line.SkuId, line.Quantity - line.ShippedQuantity, cancellationToken);
        }
    }
}
