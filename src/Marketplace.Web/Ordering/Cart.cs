using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

public sealed record SetCartItemRequest(int? Quantity);

/// <summary>Why a cart line cannot be ordered as it is; it stays in the cart, flagged, until the buyer acts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CartProblem>))]
public enum CartProblem
{
    Unavailable,
    OutOfStock,
    NotEnoughStock,
    BelowMinimum,
}

public sealed record CartLineView(
    Guid SkuId, Guid ListingId, string ProductName, string Spec, string SupplierName, int Quantity, int MinimumOrderQuantity,
    long UnitPriceFen, long AmountFen, long? ReferencePriceFen, CartProblem? Problem);

public sealed record CartView(IReadOnlyList<CartLineView> Lines, long TotalFen, bool CanCheckout);

internal sealed class SetCartItemRequestValidator : AbstractValidator<SetCartItemRequest>
{
    public SetCartItemRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.Quantity).NotNull().WithMessage(_ => l["Validation.Required", l["Order.Quantity"]])
            .InclusiveBetween(1, OrderingOptions.MaxQuantityPerLine).WithMessage(_ => l["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
}

/// <summary>The signed-in buyer's cart, priced as of now (volume tiers applied); the order service re-prices at checkout.</summary>
public sealed class Cart(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<CartView> ViewAsync(Guid userId, CancellationToken cancellationToken)
    {
        var items = await db.CartItems.AsNoTracking().Where(i => i.UserId == userId).OrderBy(i => i.AddedAt).ToListAsync(cancellationToken);
        var skuIds = items.Select(i => i.SkuId).ToList();
        var skus = await db.ListingSkus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var listingIds = skus.Values.Select(s => s.ListingId).Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().IgnoreAutoIncludes().Where(l => listingIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var supplierIds = listings.Values.Select(l => l.SupplierId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => supplierIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var today = ChinaCalendar.DateOf(clock.GetUtcNow().UtcDateTime);
        var certified = (await db.SupplierApplications.AsNoTracking().Where(a => supplierIds.Contains(a.OrganizationId)).ToListAsync(cancellationToken))
            .Where(a => a.IsCertifiedOn(today)).Select(a => a.OrganizationId).ToHashSet();

        var lines = new List<CartLineView>();
        foreach (var item in items)
        {
            var sku = skus[item.SkuId];
            var listing = listings[sku.ListingId];
            var ofListing = items.Where(i => skus[i.SkuId].ListingId == listing.Id).Sum(i => i.Quantity);
            CartProblem? problem = !sku.IsActive || listing.Status != ListingStatus.Published || !certified.Contains(listing.SupplierId) ? CartProblem.Unavailable
                : !sku.IsMadeToOrder && sku.Stock == 0 ? CartProblem.OutOfStock
                : !sku.IsMadeToOrder && sku.Stock < item.Quantity ? CartProblem.NotEnoughStock
                : ofListing < listing.MinimumOrderQuantity ? CartProblem.BelowMinimum
                : null;
            var unit = sku.UnitPriceFor(item.Quantity);
            lines.Add(new CartLineView(
                sku.Id, listing.Id, listing.Name, sku.Spec, names.GetValueOrDefault(listing.SupplierId, ""), item.Quantity, listing.MinimumOrderQuantity,
                unit, unit * item.Quantity, sku.ReferencePriceFen, problem));
        }

        var orderable = lines.Where(l => l.Problem is null).ToList();
        return new CartView(lines, orderable.Sum(l => l.AmountFen), lines.Count > 0 && orderable.Count == lines.Count);
    }

    /// <summary>Puts a SKU in the cart or changes its quantity; false when no such SKU exists.</summary>
    public async Task<bool> SetAsync(Guid userId, Guid skuId, int quantity, CancellationToken cancellationToken)
    {
        if (!await db.ListingSkus.AnyAsync(s => s.Id == skuId, cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var item = await db.CartItems.SingleOrDefaultAsync(i => i.UserId == userId && i.SkuId == skuId, cancellationToken);
        if (item is null)
        {
            if (await db.CartItems.CountAsync(i => i.UserId == userId, cancellationToken) >= CartItem.MaxItems)
            {
                throw new OrderRuleException(OrderRule.OutOfRange, $"A cart holds at most {CartItem.MaxItems} SKUs.");
            }

            db.CartItems.Add(new CartItem(userId, skuId, quantity, now));
        }
        else
        {
            item.SetQuantity(quantity, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>How many units the cart holds, for the header.</summary>
    public Task<int> CountAsync(Guid userId, CancellationToken cancellationToken) =>
        db.CartItems.Where(i => i.UserId == userId).SumAsync(i => i.Quantity, cancellationToken);

    public async Task RemoveAsync(Guid userId, Guid skuId, CancellationToken cancellationToken) =>
        await db.CartItems.Where(i => i.UserId == userId && i.SkuId == skuId).ExecuteDeleteAsync(cancellationToken);
}
