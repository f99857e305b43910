using Marketplace.Core.Accounts;
using Marketplace.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Ordering;

/// <summary>
/// 购物车 line: kept on the server per user, so it survives signing out and follows the buyer to another device. It
/// holds no price: the cart shows today's price, and the order service decides the price that counts.
/// </summary>
public sealed class CartItem
{
    public const int MaxItems = 100;

    private CartItem()
    {
    }

    public CartItem(Guid userId, Guid skuId, int quantity, DateTime now)
    {
        UserId = userId;
        SkuId = skuId;
        AddedAt = now;
        SetQuantity(quantity, now);
    }

    public Guid UserId { get; private set; }

    public Guid SkuId { get; private set; }

    public int Quantity { get; private set; }

    public DateTime AddedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public void SetQuantity(int quantity, DateTime now)
    {
        if (quantity is <= 0 or > OrderingOptions.MaxQuantityPerLine)
        {
            throw new OrderRuleException(OrderRule.OutOfRange, $"A quantity is 1 to {OrderingOptions.MaxQuantityPerLine}.");
        }

        Quantity = quantity;
        UpdatedAt = now;
    }
}

internal sealed class CartItemConfiguration : IEntityTypeConfiguration<CartItem>
{
    public void Configure(EntityTypeBuilder<CartItem> builder)
    {
        builder.ToTable("cart_items");
        builder.HasKey(i => new { i.UserId, i.SkuId });
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ListingSku>().WithMany().HasForeignKey(i => i.SkuId).OnDelete(DeleteBehavior.Cascade);
    }
}
