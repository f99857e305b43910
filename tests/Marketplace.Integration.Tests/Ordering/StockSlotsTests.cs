using Dapper;
using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;
using Marketplace.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>
/// Stock slots on PostgreSQL: a SKU with plenty is spread over rows when buyers collide on it, every reservation takes
/// from one row or across all of them when that row is short, and the shown stock is always the exact sum.
/// </summary>
public sealed class StockSlotsTests
{
    private PostgresDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = _database.Context();
        await db.Database.MigrateAsync();
    }

    [OneTimeTearDown]
    public Task DropDatabase() => _database.DisposeAsync().AsTask();

    [Test]
    public async Task A_sku_with_plenty_is_spread_when_buyers_collide_on_it_and_a_small_or_quiet_one_is_not()
    {
        var skus = await _database.PublishedListingAsync(("BIG", 1000, 800), ("SMALL", 1000, StockSlots.SpreadFrom), ("QUIET", 1000, 800));
        Assert.That(await TakeAsync((skus["QUIET"], 1)), Is.Empty);

        foreach (var sku in new[] { skus["BIG"], skus["SMALL"] })
        {
            // One buyer holds the SKU's row until it commits; the second comes meanwhile.
            await using var first = _database.Context();
            await using var transaction = await first.Database.BeginTransactionAsync();
            Assert.That(await StockReservations.TryTakeAllAsync(first, new Dictionary<Guid, int> { [sku] = 2 }, CancellationToken.None), Is.Empty);
            var second = TakeAsync((sku, 6));
            await WaitingForALockAsync();
            await transaction.CommitAsync();
            Assert.That(await second, Is.Empty);
        }

        var big = await RowsAsync(skus["BIG"]);
        Assert.Multiple(async () =>
        {
            Assert.That(big, Has.Length.EqualTo(StockSlots.ExtraSlots + 1));
            Assert.That(big.Sum(), Is.EqualTo(792));
            Assert.That(big.Max() - big.Min(), Is.LessThanOrEqualTo(StockSlots.ExtraSlots), "what is left is evened over the rows");
            Assert.That(await ShownAsync(skus["BIG"]), Is.EqualTo(792));
            Assert.That(await RowsAsync(skus["SMALL"]), Is.EqualTo(new[] { StockSlots.SpreadFrom - 8 }));
            Assert.That(await RowsAsync(skus["QUIET"]), Is.EqualTo(new[] { 799 }));
        });
    }

    [Test]
    public async Task When_no_single_row_has_enough_the_order_takes_across_rows_and_never_below_zero()
    {
        var sku = (await _database.PublishedListingAsync(("A", 1000, 160)))["A"];
        await CollideAsync(sku);
        var rows = await RowsAsync(sku);
        Assert.That(rows, Has.Length.EqualTo(StockSlots.ExtraSlots + 1).And.All.LessThan(50), "158 pieces over 8 rows");

        Assert.That(await TakeAsync((sku, 150)), Is.Empty);
        Assert.Multiple(async () =>
        {
            Assert.That(await ShownAsync(sku), Is.EqualTo(8));
            Assert.That((await RowsAsync(sku)).Min(), Is.GreaterThanOrEqualTo(0));
        });

        Assert.That(await TakeAsync((sku, 9)), Is.EquivalentTo(new[] { sku }), "8 left: 9 is short and nothing is taken");
        Assert.That(await ShownAsync(sku), Is.EqualTo(8));
        Assert.That(await TakeAsync((sku, 8)), Is.Empty);
        Assert.Multiple(async () =>
        {
            Assert.That(await ShownAsync(sku), Is.Zero);
            Assert.That(await RowsAsync(sku), Has.All.EqualTo(0));
        });
    }

    [Test]
    public async Task An_order_short_of_one_sku_takes_nothing_of_the_others()
    {
        var skus = await _database.PublishedListingAsync(("A", 1000, 500), ("B", 1000, 2));
        await CollideAsync(skus["A"]);

        Assert.That(await TakeAsync((skus["A"], 100), (skus["B"], 3)), Is.EquivalentTo(new[] { skus["B"] }));
        Assert.Multiple(async () =>
        {
            Assert.That(await ShownAsync(skus["A"]), Is.EqualTo(498));
            Assert.That(await ShownAsync(skus["B"]), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Giving_back_adds_to_the_total_and_setting_a_number_collapses_the_slots()
    {
        var sku = (await _database.PublishedListingAsync(("A", 1000, 400)))["A"];
        await CollideAsync(sku);
        Assert.That(await TakeAsync((sku, 28)), Is.Empty);
        Assert.That(await RowsAsync(sku), Has.Length.EqualTo(StockSlots.ExtraSlots + 1));
        await using (var db = _database.Context())
        {
            await StockReservations.GiveBackAsync(db, new Dictionary<Guid, int> { [sku] = 10 }, CancellationToken.None);
        }

        Assert.That(await ShownAsync(sku), Is.EqualTo(380));
        await using (var db = _database.Context())
        {
            var listing = await db.Listings.Include(l => l.Skus).SingleAsync(l => l.Skus.Any(s => s.Id == sku));
            Assert.That(listing.Skus.Single().Stock, Is.EqualTo(380), "EF Core reads the shown stock");
            listing.SetStock("A", 250, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await RowsAsync(sku), Is.EqualTo(new[] { 250 }));
            Assert.That(await ShownAsync(sku), Is.EqualTo(250));
        });
    }

    [Test]
    public async Task Buyers_racing_for_one_spread_sku_sell_exactly_its_stock()
    {
        const int stock = 300;
        const int buyers = 16;
        var sku = (await _database.PublishedListingAsync(("A", 1000, stock)))["A"];
        var reserved = 0;
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, buyers).Select(buyer => Task.Run(async () =>
        {
            var random = new Random(buyer);
            while (true)
            {
                // Mostly one piece, sometimes several, so rows run short at different times.
                var pieces = random.Next(4) == 0 ? random.Next(2, 6) : 1;
                try
                {
                    var shortOf = await TakeAsync((sku, pieces));
                    if (shortOf.Count == 0)
                    {
                        Interlocked.Add(ref reserved, pieces);
                    }
                    else if (pieces == 1)
                    {
                        return;
                    }
                }
                catch (PostgresException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));

        Assert.Multiple(async () =>
        {
            Assert.That(failed, Is.Zero, "no deadlock or other failure");
            Assert.That(reserved, Is.EqualTo(stock));
            Assert.That(await ShownAsync(sku), Is.Zero);
            Assert.That(await RowsAsync(sku), Has.All.EqualTo(0));
        });
    }

    /// <summary>Two buyers take a piece each at the same time, so the second finds the row held and spreads the SKU.</summary>
    private async Task CollideAsync(Guid sku)
    {
        await using var first = _database.Context();
        await using (var transaction = await first.Database.BeginTransactionAsync())
        {
            Assert.That(await StockReservations.TryTakeAllAsync(first, new Dictionary<Guid, int> { [sku] = 1 }, CancellationToken.None), Is.Empty);
            var second = TakeAsync((sku, 1));
            await WaitingForALockAsync();
            await transaction.CommitAsync();
            Assert.That(await second, Is.Empty);
        }
    }

    private async Task WaitingForALockAsync()
    {
        await using var connection = await _database.OpenAsync();
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(20); waited += TimeSpan.FromMilliseconds(20))
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The second buyer never waited for the row.");
    }

    private async Task<IReadOnlySet<Guid>> TakeAsync(params (Guid Sku, int Pieces)[] wanted)
    {
        await using var db = _database.Context();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var shortOf = await StockReservations.TryTakeAllAsync(db, wanted.ToDictionary(w => w.Sku, w => w.Pieces), CancellationToken.None);
        await transaction.CommitAsync();
        return shortOf;
    }

    /// <summary>The main row's stock first, then each slot's.</summary>
    private async Task<int[]> RowsAsync(Guid sku)
    {
        await using var connection = await _database.OpenAsync();
        return [.. await connection.QueryAsync<int>(
            $"SELECT stock FROM (SELECT 0 AS slot, stock FROM listing_skus WHERE id = @sku UNION ALL SELECT slot, stock FROM {StockSlots.Table} WHERE sku_id = @sku) r ORDER BY slot",
            new { sku })];
    }

    private async Task<int> ShownAsync(Guid sku)
    {
        await using var db = _database.Context();
        return await db.ListingSkus.Where(s => s.Id == sku).Select(s => s.Stock).SingleAsync();
    }
}
