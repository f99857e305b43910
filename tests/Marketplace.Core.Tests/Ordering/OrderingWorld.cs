using Marketplace.Contracts.Ordering;
using Marketplace.Core.Accounts;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>A buyer and a certified supplier with a published listing, stored through the domain in an embedded host.</summary>
internal sealed class OrderingWorld(EmbeddedHost host)
{
    private static int _suppliers = Random.Shared.Next(1_000_000);

    public Guid BuyerId { get; private set; }

    public Guid SupplierId { get; private set; }

    public Guid ListingId { get; private set; }

    public async Task<OrderingWorld> SeedAsync(string name = "砚山县鑫源养殖专业合作社")
    {
        var now = DateTime.UtcNow;
        await host.WithDbAsync(async db =>
        {
            var user = new MarketplaceUser { UserName = $"{Guid.NewGuid():N}@test.demo", Email = $"{Guid.NewGuid():N}@test.demo", DisplayName = "李梅", CreatedAt = now };
            user.NormalizedEmail = user.Email.ToUpperInvariant();
            user.NormalizedUserName = user.UserName.ToUpperInvariant();
            db.Users.Add(user);
            var supplier = Organization.CreateSupplier(name + Guid.NewGuid().ToString("N")[..6], null, now);
            db.Organizations.Add(supplier);
            var code = $"93532622{Interlocked.Increment(ref _suppliers):D9}";
            var application = SupplierApplication.Create(supplier, SupplierType.Cooperative, CountySeed.Yanshan, code + UnifiedSocialCreditCodes.CheckCharacter(code), "杨建华", "0876-3121234", user.Email, user.Id, now);
            var today = ChinaCalendar.DateOf(now);
            application.Approve(today.AddDays(-1), today.AddYears(1), user.Id, now);
            db.SupplierApplications.Add(application);
            await db.SaveChangesAsync();
            BuyerId = user.Id;
            SupplierId = supplier.Id;
            return 0;
        });
        return this;
    }

    /// <summary>Adds a published listing with the given SKUs (code, price, stock) and returns their ids by code.</summary>
    public Task<Dictionary<string, Guid>> ListingAsync(int minimum, params (string Code, long PriceFen, int Stock)[] skus) => host.WithDbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Id == SupplierId);
        var listing = Listing.Create(
            supplier, CountySeed.Yanshan,
            new ListingDetails("P" + Guid.NewGuid().ToString("N")[..8], "文山牛肉干", "砚山黄牛", ProductCategory.Meat, "", minimum, 180, "全国"),
            [.. skus.Select(s => new SkuDraft(s.Code, s.Code + " 装", 250, null, null, s.PriceFen, null, s.Stock, s.Code == "TIER" ? [new VolumeTier(10, s.PriceFen - 500)] : []))],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        ListingId = listing.Id;
        return listing.Skus.ToDictionary(s => s.Code, s => s.Id);
    });

    /// <summary>Stores a submitted order and its SubmitOrder message, as the web host does.</summary>
    public Task<Guid> SubmitAsync(params (Guid SkuId, int Quantity)[] lines) => SubmitAsync(BuyerId, null, lines);

    /// <summary>As <see cref="SubmitAsync(ValueTuple{Guid, int}[])"/>, by <paramref name="buyerId"/>; with a unit, a collective order on the unit's funds.</summary>
    public Task<Guid> SubmitAsync(Guid buyerId, Guid? unitId, params (Guid SkuId, int Quantity)[] lines) => host.WithDbAsync(async db =>
    {
        var order = Order.Submit(
            new OrderRequest(
                buyerId, unitId, unitId is null ? OrderChannel.EmployeePersonal : OrderChannel.UnitCollective, unitId is null ? FundingSource.Personal : FundingSource.UnitProcurement,
                new DeliveryAddress("李梅", "13800000000", "重庆市", "建新东路 1 号", null), null, null, null, null, Guid.NewGuid().ToString("N"),
                [.. lines.Select(l => new RequestedLine(l.SkuId, l.Quantity))]),
            "hash", DateTime.UtcNow, OrderNumbers.Shared);
        db.Orders.Add(order);
        db.AddToOutbox(new SubmitOrder(order.Id), TimeProvider.System);
        await db.SaveChangesAsync();
        return order.Id;
    });

    public Task<Order> OrderAsync(Guid id) =>
        host.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.SubOrders).SingleAsync(o => o.Id == id));

    public Task<int> StockAsync(Guid skuId) => host.WithDbAsync(db => db.ListingSkus.AsNoTracking().Where(s => s.Id == skuId).Select(s => s.StockSlots.Sum(slot => slot.Pieces)).SingleAsync());

    public async Task<Order> SettledAsync(Guid id, params OrderStatus[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = await OrderAsync(id);
            if (statuses.Contains(order.Status) || DateTime.UtcNow > deadline)
            {
                return order;
            }

            await Task.Delay(50);
        }
    }

    public Task<long> OutboxCountAsync(string messageType, Guid orderId) =>
        host.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE @type AND body LIKE @id", new { type = "%" + messageType + "%", id = "%" + orderId + "%" });
}
