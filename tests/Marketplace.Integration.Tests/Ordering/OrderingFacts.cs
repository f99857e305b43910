using System.Diagnostics;
using Dapper;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.Ordering;

/// <summary>What the database says about orders, stock and their messages, read straight from the tables.</summary>
internal static class OrderingFacts
{
    public const string OrderPlaced = "Marketplace.Contracts.Ordering.OrderPlaced";
    public const string OrderRejected = "Marketplace.Contracts.Ordering.OrderRejected";
    public const string OrderPaid = "Marketplace.Contracts.Ordering.OrderPaid";
    public const string SubmitOrder = "Marketplace.Contracts.Ordering.SubmitOrder";
    public const string OrderApproved = "Marketplace.Contracts.Ordering.OrderApproved";
    public const string OrderCancelled = "Marketplace.Contracts.Ordering.OrderCancelled";

    public static async Task<Dictionary<string, long>> OrdersByStatusAsync(this PostgresDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM orders GROUP BY status"))
            .ToDictionary(r => r.Status, r => r.Count);
    }

    public static Task<long> StockAsync(this PostgresDatabase database, Guid skuId) =>
        database.CountAsync("SELECT COALESCE(SUM(pieces), 0) FROM listing_sku_stock_slots WHERE sku_id = @skuId", new { skuId });

    /// <summary>Outbox rows of one message type (its full name) about one order.</summary>
    public static Task<long> OutboxCountAsync(this PostgresDatabase database, string messageType, Guid orderId) =>
        database.CountAsync(
            "SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE @type AND body::jsonb ->> 'orderId' = @orderId",
            new { type = messageType + ",%", orderId = orderId.ToString() });

    /// <summary>
    /// Waits until <paramref name="orders"/> orders exist, the order service has decided every one, and every outbox row
    /// (the web hosts' SubmitOrder and the order service's events) has gone to the bus.
    /// </summary>
    public static async Task SettledAsync(this PostgresDatabase database, int orders, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () =>
            await database.CountAsync("SELECT COUNT(*) FROM orders WHERE status <> 'Submitted'") == orders
            && await database.CountAsync("SELECT COUNT(*) FROM orders") == orders
            && await database.CountAsync("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") == 0,
            $"all {orders} orders are decided and the outbox is sent", timeout ?? TimeSpan.FromSeconds(120));
        TestContext.Out.WriteLine($"{orders} orders settled after {waited.Elapsed.TotalSeconds:F1} s");
    }
}
