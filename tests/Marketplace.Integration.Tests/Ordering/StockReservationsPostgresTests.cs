using Marketplace.Core.Ordering;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>
/// <see cref="StockReservations.TryTakeAllAsync"/> on PostgreSQL, where buyers really race: one SKU, several, and orders
/// that need more than one stock slot holds, each reservation in its own transaction as the order service makes it.
/// </summary>
public sealed class StockReservationsPostgresTests
{
    private const int Buyers = 16;
    private PostgresDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = _database.Context();
        await db.Database.MigrateAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task Buyers_racing_for_one_sku_take_exactly_what_there_is_and_never_more()
    {
        var sku = (await _database.PublishedListingAsync(("1KG", 3900, 25)))["1KG"];
        var taken = 0;
        await Task.WhenAll(Enumerable.Range(0, Buyers).Select(_ => Task.Run(async () =>
        {
            while ((await TakeAsync(new Dictionary<Guid, int> { [sku] = 2 })).Count == 0)
            {
                Interlocked.Increment(ref taken);
            }
        })));

        Assert.Multiple(async () =>
        {
            Assert.That(taken, Is.EqualTo(12), "two pieces at a time out of 25");
            Assert.That(await _database.StockAsync(sku), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task One_unknown_or_short_sku_is_answered_and_nothing_changes()
    {
        var sku = (await _database.PublishedListingAsync(("500G", 5200, 3)))["500G"];
        var unknown = Guid.CreateVersion7();

        Assert.Multiple(async () =>
        {
            Assert.That(await TakeAsync(new Dictionary<Guid, int> { [sku] = 4 }), Is.EquivalentTo(new[] { sku }));
            Assert.That(await TakeAsync(new Dictionary<Guid, int> { [unknown] = 1 }), Is.EquivalentTo(new[] { unknown }));
            Assert.That(await _database.StockAsync(sku), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Orders_of_several_skus_in_any_order_take_all_or_none_without_deadlock()
    {
        var skus = await _database.PublishedListingAsync(("A", 1000, 40), ("B", 2000, 10), ("C", 3000, 40));
        var reserved = 0;
        await Task.WhenAll(Enumerable.Range(0, Buyers).Select(buyer => Task.Run(async () =>
        {
            // Half the buyers name the SKUs the other way round: the statement locks in id order whatever the order asked.
            var codes = buyer % 2 == 0 ? new[] { "A", "B", "C" } : ["C", "B", "A"];
            while ((await TakeAsync(codes.ToDictionary(c => skus[c], _ => 1))).Count == 0)
            {
                Interlocked.Increment(ref reserved);
            }
        })));

        Assert.Multiple(async () =>
        {
            Assert.That(reserved, Is.EqualTo(10), "B has 10 pieces and every order wants one of each");
            Assert.That(await _database.StockAsync(skus["A"]), Is.EqualTo(30));
            Assert.That(await _database.StockAsync(skus["B"]), Is.Zero);
            Assert.That(await _database.StockAsync(skus["C"]), Is.EqualTo(30));
        });
    }

    [Test]
    public async Task A_buyer_takes_a_free_slot_instead_of_waiting_for_one_that_another_buyer_holds()
    {
        var sku = (await _database.PublishedListingAsync(("2KG", 5900, 16)))["2KG"];
        await using var first = _database.Context();
        await using var open = await first.Database.BeginTransactionAsync();
        Assert.That(await StockReservations.TryTakeAllAsync(first, new Dictionary<Guid, int> { [sku] = 1 }, CancellationToken.None), Is.Empty);

        // The first buyer has not committed, so its slot is locked: waiting for it would run into the lock timeout.
        await using var second = _database.Context();
        await using var transaction = await second.Database.BeginTransactionAsync();
        await second.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '3s'");
        var shortOf = await StockReservations.TryTakeAllAsync(second, new Dictionary<Guid, int> { [sku] = 1 }, CancellationToken.None);
        await transaction.CommitAsync();
        await open.CommitAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(shortOf, Is.Empty);
            Assert.That(await _database.StockAsync(sku), Is.EqualTo(14));
        });
    }

    [Test]
    public async Task Buyers_racing_for_more_than_one_slot_holds_sell_out_exactly()
    {
        var sku = (await _database.PublishedListingAsync(("10KG", 9900, 300)))["10KG"];
        var orders = 0;
        await Task.WhenAll(Enumerable.Range(0, Buyers).Select(_ => Task.Run(async () =>
        {
            while ((await TakeAsync(new Dictionary<Guid, int> { [sku] = 25 })).Count == 0)
            {
                Interlocked.Increment(ref orders);
            }
        })));

        Assert.Multiple(async () =>
        {
            Assert.That(orders, Is.EqualTo(12), "300 pieces in 16 slots of 18 or 19, 25 at a time");
            Assert.That(await _database.StockAsync(sku), Is.Zero);
        });
    }

    [Test]
    public async Task An_order_of_several_skus_that_one_slot_cannot_serve_is_taken_whole_the_careful_way()
    {
        var skus = await _database.PublishedListingAsync(("S", 1000, 16), ("T", 2000, 3));
        var shortOf = await TakeAsync(new Dictionary<Guid, int> { [skus["S"]] = 10, [skus["T"]] = 1 });

        Assert.Multiple(async () =>
        {
            Assert.That(shortOf, Is.Empty, "T was taken quickly, S needs both its slots of 8: undone and both taken together");
            Assert.That(await _database.StockAsync(skus["S"]), Is.EqualTo(6));
            Assert.That(await _database.StockAsync(skus["T"]), Is.EqualTo(2));
        });
    }

    private async Task<IReadOnlySet<Guid>> TakeAsync(Dictionary<Guid, int> wanted)
    {
        await using var db = _database.Context();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var shortOf = await StockReservations.TryTakeAllAsync(db, wanted, CancellationToken.None);
        await transaction.CommitAsync();
        return shortOf;
    }
}
