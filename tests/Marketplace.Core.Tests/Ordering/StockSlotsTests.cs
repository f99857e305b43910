using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;
using Marketplace.Core.Tests.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>
/// The stock slots' rules that hold on every provider: the stock read is the main row plus the slots, the order service's
/// check counts them, giving back adds to the total, and setting a number collapses them (PostgreSQL's take across
/// slots is tested in the integration suite).
/// </summary>
public sealed class StockSlotsTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?>());
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task The_stock_read_is_the_main_row_plus_its_slots_and_giving_back_adds_to_it()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var sku = (await world.ListingAsync(1, ("A", 1000, 10)))["A"];
        await SpreadAsync(sku, 30, 25);

        Assert.That(await world.StockAsync(sku), Is.EqualTo(65));
        var shortOf = await _host.WithDbAsync(db => StockReservations.ShortOfAsync(db, new Dictionary<Guid, int> { [sku] = 60 }, CancellationToken.None));
        Assert.That(shortOf, Is.Empty, "60 of 65 pieces, though no row holds 60");

        await _host.WithDbAsync(db => StockReservations.GiveBackAsync(db, new Dictionary<Guid, int> { [sku] = 5 }, CancellationToken.None));
        Assert.That(await world.StockAsync(sku), Is.EqualTo(70));
    }

    [Test]
    public async Task Setting_the_stock_to_a_number_collapses_the_slots_into_the_main_row()
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", 1000, 10), ("B", 1000, 4));
        await SpreadAsync(skus["A"], 30, 25);
        await SpreadAsync(skus["B"], 6);

        await _host.WithDbAsync(async db =>
        {
            var listing = await db.Listings.Include(l => l.Skus).SingleAsync(l => l.Id == world.ListingId);
            Assert.That(listing.Skus.Single(s => s.Code == "A").Stock, Is.EqualTo(65));
            listing.SetStock("A", 40, DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        Assert.Multiple(async () =>
        {
            Assert.That(await world.StockAsync(skus["A"]), Is.EqualTo(40));
            Assert.That(await SlotsAsync(skus["A"]), Is.Zero, "set to a number: the slots are gone");
            Assert.That(await world.StockAsync(skus["B"]), Is.EqualTo(10), "an untouched SKU keeps its slots");
            Assert.That(await SlotsAsync(skus["B"]), Is.EqualTo(1));
        });
    }

    /// <summary>Adds slot rows as PostgreSQL's reservations leave them (SQLite never spreads stock itself).</summary>
    private Task SpreadAsync(Guid sku, params int[] slots) => _host.WithDbAsync(async db =>
    {
        for (var slot = 1; slot <= slots.Length; slot++)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO {StockSlots.Table} (sku_id, slot, stock) VALUES ({{0}}, {{1}}, {{2}})", sku.ToString().ToUpperInvariant(), slot, slots[slot - 1]);
        }

        return 0;
    });

    private Task<int> SlotsAsync(Guid sku) =>
        _host.WithDbAsync(db => db.Set<ListingSkuStockSlot>().CountAsync(s => s.SkuId == sku));
}
