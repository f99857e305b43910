using System.Data.Common;
using Dapper;
using Marketplace.Core.Assistance;
using Marketplace.Core.Suppliers;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;

namespace Marketplace.Integration.Tests.Faults;

internal sealed record StoredOrder(string Status, long TotalFen, long PaidFen, long RefundedFen);

/// <summary>A SKU's stock now, and the pieces that placed or waiting orders hold and that paid orders bought.</summary>
internal sealed record StoredStock(long Stock, long Held, long Sold);

/// <summary>
/// What a runtime's database holds about its orders, read with that database's SQL and judged the same way on both:
/// the invariants of <see cref="OrderingInvariants"/> that do not depend on where messages wait.
/// </summary>
internal sealed record StoredOrdering(
    IReadOnlyDictionary<Guid, StoredOrder> Orders,
    IReadOnlyDictionary<(Guid OrderId, string Type), long> Events,
    IReadOnlySet<Guid> Approved,
    IReadOnlyDictionary<Guid, StoredStock> Stock,
    long SoldOnListing,
    long LedgerFen,
    long PaidLines,
    long Purchases,
    ReconciliationReport Reconciliation)
{
    /// <summary>
    /// With what the caller read in its database's SQL, the figures whose SQL both databases share, and the year's
    /// reconciliation of ledger, orders and read model as the product runs it.
    /// </summary>
    public static async Task<StoredOrdering> ReadAsync(
        IMarketplaceDatabase database, DbConnection connection, IReadOnlyDictionary<Guid, StoredOrder> orders,
        IReadOnlyDictionary<(Guid OrderId, string Type), long> events, IReadOnlySet<Guid> approved, IReadOnlyDictionary<Guid, StoredStock> stock)
    {
        ReconciliationReport reconciliation;
        await using (var db = database.Context())
        {
            reconciliation = await new AssistanceReconciliation(db).CheckAsync(ChinaCalendar.DateOf(DateTime.UtcNow).Year);
        }

        return new StoredOrdering(
            orders, events, approved, stock,
            SoldOnListing: await connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(sold_quantity), 0) FROM listings"),
            LedgerFen: await connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(amount_fen), 0) FROM assistance_entries"),
            PaidLines: await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'Paid'"),
            Purchases: await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM assistance_entries WHERE kind = 'Purchase'"),
            reconciliation);
    }

    /// <summary>Asserts each invariant; call inside <c>Assert.Multiple</c> to see every one that fails.</summary>
    public void AssertMeets(OrderingExpectations expected)
    {
        var statuses = Orders.Values.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Out.WriteLine($"{Orders.Count} orders: {string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"))}");
        long EventsOf(Guid orderId, string type) => Events.GetValueOrDefault((orderId, type));
        var wrongEvents = Orders.Where(o =>
            EventsOf(o.Key, OrderingFacts.SubmitOrder) < 1
            || EventsOf(o.Key, OrderingFacts.OrderPlaced) != (o.Value.Status == "Rejected" ? 0 : 1)
            || EventsOf(o.Key, OrderingFacts.OrderRejected) != (o.Value.Status == "Rejected" ? 1 : 0)
            || EventsOf(o.Key, OrderingFacts.OrderApproved) != (Approved.Contains(o.Key) ? 1 : 0)
            || EventsOf(o.Key, OrderingFacts.OrderCancelled) != (o.Value.Status == "Cancelled" ? 1 : 0)
            || EventsOf(o.Key, OrderingFacts.OrderPaid) != (o.Value.Status == "Paid" ? 1 : 0)).Select(o => $"{o.Key} {o.Value.Status}").ToList();
        var paid = Orders.Where(o => o.Value.Status == "Paid").ToList();

        Assert.That(Orders.Keys, Is.EquivalentTo(expected.Accepted), "exactly the accepted orders exist: none lost, none made twice");
        Assert.That(statuses.Keys, Is.SubsetOf(expected.Statuses), "every order is decided or waiting, as the test expects");
        Assert.That(paid.Select(o => o.Key), Is.EquivalentTo(expected.Paid), "paid exactly the orders the test paid");
        Assert.That(paid.Where(o => o.Value.PaidFen != o.Value.TotalFen), Is.Empty, "each paid once, in full");
        Assert.That(wrongEvents, Is.Empty, "each order has exactly the events of its path, each once");

        foreach (var (code, (id, initial)) in expected.Skus)
        {
            Assert.That(Stock[id].Stock, Is.EqualTo(initial - Stock[id].Held), $"stock of {code} = initial − what placed and waiting orders hold");
        }

        Assert.That(expected.LowestStock, Is.GreaterThanOrEqualTo(0), "stock never went below zero");
        Assert.That(SoldOnListing, Is.EqualTo(Stock.Values.Sum(s => s.Sold)), "sold quantity counts each paid line once");

        Assert.That(LedgerFen, Is.EqualTo(paid.Sum(o => o.Value.PaidFen - o.Value.RefundedFen)), "ledger = paid − refunded, to the fen");
        Assert.That(Purchases, Is.EqualTo(PaidLines), "one purchase entry per paid line");
        Assert.That(Reconciliation.Orders, Is.Empty, "every order's ledger net equals what it kept");
        Assert.That(Reconciliation.ReadModel, Is.Empty, "the read model equals the ledger");
    }
}
