using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Dapper;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Audit;
using Marketplace.Core.Organizations;
using Marketplace.Integration.Tests.Faults;
using Marketplace.Integration.Tests.Infrastructure;
using Marketplace.Integration.Tests.Ordering;
using Marketplace.TestWorker;

namespace Marketplace.Integration.Tests.UnitProcurement;

/// <summary>
/// Unit procurement in scale-out: approvals and framework-agreement call-offs decided over HTTP on two web hosts while
/// an order-service process places, cancels and pays the orders from RabbitMQ (the web hosts run no consumers), on one
/// PostgreSQL database. Each test ends with the ordering invariants over every order of the cluster.
/// </summary>
public sealed class UnitProcurementClusterTests
{
    private static readonly string[] _statuses = ["AwaitingApproval", "AwaitingPayment", "Paid", "Cancelled"];

    private readonly ConcurrentDictionary<Guid, bool> _accepted = new();
    private readonly ConcurrentDictionary<Guid, bool> _paid = new();
    private readonly Dictionary<string, (Guid Id, int Initial)> _skus = [];
    private OrderingCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartCluster() => _cluster = await OrderingCluster.StartAsync(orderServices: 1, webHosts: 2);

    [OneTimeTearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    public async Task Two_levels_approve_a_held_order_a_rejection_releases_its_stock_a_rise_restarts_approval_and_nobody_approves_their_own()
    {
        var database = _cluster.Database;
        var sku = await SkuAsync("APPROVE", 2_000, 500);
        var (unitId, emails) = await database.UnitAsync(
            "审批测试单位", [OrganizationRole.UnitAdmin], [OrganizationRole.UnitPurchaser], [OrganizationRole.UnitApprover], [OrganizationRole.UnitFinance],
            [OrganizationRole.UnitPurchaser, OrganizationRole.UnitApprover]);
        var admin = await _cluster.SignInAsync(emails[0], 0);
        var purchaser = await _cluster.SignInAsync(emails[1], 0);
        var approver = await _cluster.SignInAsync(emails[2], 1);
        var finance = await _cluster.SignInAsync(emails[3], 0);
        var purchasingApprover = await _cluster.SignInAsync(emails[4], 1);

        using (var rules = await admin.PutAsync($"/api/units/{unitId}/approval-rules", new
        {
            levels = new object[] { new { thresholdFen = 10_000, approverRole = "UnitApprover" }, new { thresholdFen = 100_000, approverRole = "UnitFinance" } },
        }))
        {
            Assert.That(rules.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rules.Content.ReadAsStringAsync());
        }

        // ¥1,200 needs both levels; ¥200 the first; ¥60 none; ¥400, raised to ¥1,200 by the approver, starts again with both.
        var large = await PlaceAsync(purchaser, sku, 60);
        var rejected = await PlaceAsync(purchaser, sku, 10);
        var small = await PlaceAsync(purchaser, sku, 3);
        var raised = await PlaceAsync(purchaser, sku, 20);
        var own = await PlaceAsync(purchasingApprover, sku, 10);
        foreach (var id in new[] { large, rejected, raised })
        {
            await purchaser.OrderWhenAsync(id, "AwaitingApproval");
        }

        await purchasingApprover.OrderWhenAsync(own, "AwaitingApproval");

        await purchaser.OrderWhenAsync(small, "AwaitingPayment");
        var heldWhileWaiting = await database.StockAsync(sku);
        var inboxBefore = await finance.GetAsync("/api/approvals");

        using var ownApproval = await purchasingApprover.PostAsync($"/api/approvals/{own}/approve");
        var ownProblem = JsonDocument.Parse(await ownApproval.Content.ReadAsStringAsync()).RootElement;
        using var first = await approver.PostAsync($"/api/approvals/{large}/approve");
        using var notTheirs = await approver.PostAsync($"/api/approvals/{large}/approve");
        var inboxAfter = await finance.GetAsync("/api/approvals");
        using var second = await finance.PostAsync($"/api/approvals/{large}/approve");
        using var rejection = await approver.PostAsync($"/api/approvals/{rejected}/reject", new { reason = "本季度预算不足" });

        var lineId = (await purchaser.OrderAsync(raised)).GetProperty("lines")[0].GetProperty("id").GetGuid();
        using var change = await approver.PostAsync($"/api/approvals/{raised}/change", new { lines = new[] { new { lineId, quantity = 60 } } });
        var afterChange = JsonDocument.Parse(await change.Content.ReadAsStringAsync()).RootElement;
        using var raisedFirst = await approver.PostAsync($"/api/approvals/{raised}/approve");
        using var raisedSecond = await finance.PostAsync($"/api/approvals/{raised}/approve");

        Assert.Multiple(async () =>
        {
            Assert.That(heldWhileWaiting, Is.EqualTo(500 - 60 - 10 - 3 - 20 - 10), "waiting orders hold their stock");
            Assert.That(Ids(inboxBefore), Does.Not.Contain(large), "level 2 waits for level 1");
            Assert.That(ownApproval.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(ownProblem.GetProperty("type").GetString(), Does.EndWith("/approval-own-order"));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
            Assert.That(notTheirs.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "level 2 is finance's");
            Assert.That(Ids(inboxAfter), Does.Contain(large));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), await second.Content.ReadAsStringAsync());
            Assert.That(rejection.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rejection.Content.ReadAsStringAsync());
            Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.OK), afterChange.ToString());
            Assert.That(afterChange.GetProperty("order").GetProperty("totalFen").GetInt64(), Is.EqualTo(120_000), "re-priced at the new quantity");
            Assert.That(afterChange.GetProperty("currentLevel").GetInt32(), Is.EqualTo(1), "a rise restarts at level 1");
            Assert.That(afterChange.GetProperty("levelsRequired").GetInt32(), Is.EqualTo(2), "and the new total needs finance too");
            Assert.That(raisedFirst.StatusCode, Is.EqualTo(HttpStatusCode.OK), await raisedFirst.Content.ReadAsStringAsync());
            Assert.That(raisedSecond.StatusCode, Is.EqualTo(HttpStatusCode.OK), await raisedSecond.Content.ReadAsStringAsync());
        });

        var largeOrder = await purchaser.OrderWhenAsync(large, "AwaitingPayment");
        await purchaser.OrderWhenAsync(raised, "AwaitingPayment");
        var cancelled = await purchaser.OrderWhenAsync(rejected, "Cancelled");
        await database.WriteToOutboxAsync([new PaymentSucceeded(large, Guid.NewGuid(), largeOrder.GetProperty("totalFen").GetInt64(), "Test", DateTime.UtcNow)]);
        _paid[large] = true;
        await purchaser.OrderWhenAsync(large, "Paid");
        await SettledAsync();

        await using var connection = await database.OpenAsync();
        var audit = (await connection.QueryAsync<(string Action, string SubjectId, Guid? ActorUserId, string? Details)>(
            "SELECT action, subject_id, actor_user_id, details FROM audit_entries WHERE action LIKE 'order.%' ORDER BY at")).ToList();
        var handledBy = (await connection.QueryAsync<(string Type, string Consumer)>("""
            SELECT split_part(m.message_type, ',', 1), i.consumer FROM outbox_messages m JOIN inbox_messages i ON i.message_id = m.id
            WHERE m.body::jsonb ->> 'orderId' = ANY(@ids)
            """, new { ids = new[] { large, rejected }.Select(i => i.ToString()).ToArray() })).ToList();
        var users = (await connection.QueryAsync<(string Email, Guid Id)>("SELECT email, id FROM \"AspNetUsers\" WHERE email = ANY(@emails)", new { emails }))
            .ToDictionary(u => u.Email, u => u.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(cancelled.GetProperty("cancelReason").GetString(), Is.EqualTo("本季度预算不足"), "the buyer sees the reason");
            Assert.That(await database.StockAsync(sku), Is.EqualTo(500 - 60 - 3 - 60 - 10), "the rejected order's 10 went back; the raised one holds 60");
            Assert.That(audit.Where(a => a.SubjectId == large.ToString()).Select(a => (a.Action, a.ActorUserId)),
                Is.EqualTo(new[] { (AuditActions.OrderApproved, (Guid?)users[emails[2]]), (AuditActions.OrderApproved, users[emails[3]]) }));
            Assert.That(audit.Where(a => a.SubjectId == rejected.ToString()).Select(a => a.Action), Is.EqualTo(new[] { AuditActions.OrderApprovalRejected }));
            Assert.That(JsonDocument.Parse(audit.Single(a => a.SubjectId == rejected.ToString()).Details!).RootElement.GetProperty("reason").GetString(),
                Is.EqualTo("本季度预算不足"));
            Assert.That(audit.Where(a => a.SubjectId == raised.ToString()).Select(a => a.Action),
                Is.EqualTo(new[] { AuditActions.OrderApprovalChanged, AuditActions.OrderApproved, AuditActions.OrderApproved }));
            Assert.That(audit.Where(a => a.SubjectId == own.ToString()), Is.Empty, "a refused self-approval decides nothing");
            // Web hosts run no consumers here: every handled message below was handled by an order-service process.
            Assert.That(handledBy, Does.Contain((OrderingFacts.SubmitOrder, typeof(Core.Ordering.SubmitOrderConsumer).FullName!)));
            Assert.That(handledBy, Does.Contain((OrderingFacts.OrderCancelled, typeof(Core.Assistance.OrderCancelledLedgerConsumer).FullName!)));
            Assert.That(handledBy, Does.Contain((OrderingFacts.OrderPaid, typeof(Core.Assistance.OrderPaidLedgerConsumer).FullName!)));
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM assistance_entries WHERE order_id = @large", new { large }), Is.EqualTo(1), "the paid order is in the ledger");
        });
        await AssertInvariantsAsync();
    }

    [Test]
    public async Task Twenty_call_offs_at_once_from_two_web_hosts_take_no_more_than_the_cap_and_each_accepted_one_is_placed_at_the_locked_price()
    {
        const long lockedFen = 5_000;
        const int pieces = 10;
        var database = _cluster.Database;
        var sku = await SkuAsync("CALLOFF", 5_200, 1_000);
        var (_, emails) = await database.UnitAsync("协议测试单位", [OrganizationRole.UnitPurchaser]);
        var hosts = new[] { await _cluster.SignInAsync(emails[0], 0), await _cluster.SignInAsync(emails[0], 1) };
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        using var created = await hosts[0].PostAsync("/api/agreements", new
        {
            title = "食堂牛肉干年度协议", supplierId = await database.SupplierOfAsync(sku), capFen = 7 * pieces * lockedFen,
            validFrom = today.AddDays(-1), validTo = today.AddMonths(6), items = new[] { new { skuId = sku, unitPriceFen = lockedFen } },
        });
        var agreement = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), agreement.ToString());
        var agreementId = agreement.GetProperty("id").GetGuid();
        var body = new { lines = new[] { new { skuId = sku, quantity = pieces } }, address = Buyer.Address };

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await hosts[i % 2].PostAsync($"/api/agreements/{agreementId}/call-offs", body, $"call-off-{i}");
            return (Key: $"call-off-{i}", response.StatusCode, Body: JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }));
        var accepted = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).ToList();
        foreach (var answer in accepted)
        {
            _accepted[answer.Body.GetProperty("orderId").GetGuid()] = true;
        }

        var replayed = accepted[0];
        using var replay = await hosts[1].PostAsync($"/api/agreements/{agreementId}/call-offs", body, replayed.Key);
        var replayAnswer = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        foreach (var answer in accepted)
        {
            await hosts[0].OrderWhenAsync(answer.Body.GetProperty("orderId").GetGuid(), "AwaitingPayment");
        }

        await SettledAsync();
        var ids = accepted.Select(a => a.Body.GetProperty("orderId").GetGuid()).ToArray();
        await using var connection = await database.OpenAsync();
        var lines = (await connection.QueryAsync<(Guid OrderId, long UnitPriceFen, int Quantity)>(
            "SELECT order_id, unit_price_fen, quantity FROM order_lines WHERE order_id = ANY(@ids)", new { ids })).ToList();
        var progress = (await hosts[0].GetAsync($"/api/agreements/{agreementId}")).GetProperty("progress");
        Assert.Multiple(async () =>
        {
            Assert.That(accepted, Has.Count.EqualTo(7), "exactly what the cap allows");
            Assert.That(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted).Select(a => ((int)a.StatusCode, a.Body.GetProperty("type").GetString()!.Split('/')[^1])),
                Is.All.EqualTo((409, "agreement-cap-exceeded")), "the rest are refused for the cap, as ProblemDetails");
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(replayAnswer.GetProperty("orderId").GetGuid(), Is.EqualTo(replayed.Body.GetProperty("orderId").GetGuid()), "the same key finds the same call-off");
            Assert.That(await database.CountAsync("SELECT COUNT(*) FROM orders WHERE agreement_id = @agreementId", new { agreementId }), Is.EqualTo(7));
            Assert.That(await database.CountAsync("SELECT committed_fen FROM procurement_agreements WHERE id = @agreementId", new { agreementId }), Is.EqualTo(7 * pieces * lockedFen));
            Assert.That(lines, Has.Count.EqualTo(7));
            Assert.That(lines.Select(l => (l.UnitPriceFen, l.Quantity)), Is.All.EqualTo((lockedFen, pieces)), "the agreement's price, not the catalog's");
            Assert.That(progress.GetProperty("orderedFen").GetInt64(), Is.EqualTo(7 * pieces * lockedFen));
            Assert.That(progress.GetProperty("nearsCap").GetBoolean(), Is.True);
            Assert.That(await database.StockAsync(sku), Is.EqualTo(1_000 - (7 * pieces)));
            Assert.That(await database.CountAsync(
                "SELECT COUNT(*) FROM inbox_messages i JOIN outbox_messages m ON m.id = i.message_id WHERE i.consumer = @consumer AND m.body::jsonb ->> 'orderId' = ANY(@ids)",
                new { consumer = typeof(Core.Ordering.SubmitOrderConsumer).FullName, ids = ids.Select(i => i.ToString()).ToArray() }), Is.EqualTo(7),
                "each placed by the order service");
        });
        await AssertInvariantsAsync();
    }

    private static IEnumerable<Guid> Ids(JsonElement inbox) => inbox.EnumerateArray().Select(i => i.GetProperty("orderId").GetGuid());

    private async Task<Guid> PlaceAsync(Buyer buyer, Guid sku, int quantity)
    {
        var id = await buyer.SubmitForUnitAsync((sku, quantity));
        _accepted[id] = true;
        return id;
    }

    private async Task<Guid> SkuAsync(string code, long priceFen, int stock)
    {
        var id = (await _cluster.Database.PublishedListingAsync((code, priceFen, stock)))[code];
        _skus[code] = (id, stock);
        return id;
    }

    /// <summary>Waits until every order is decided, the outbox sent, every message handled and every queue empty.</summary>
    private async Task SettledAsync()
    {
        var queues = OrderServiceConsumers.Queues(_cluster.Prefix);
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = await _cluster.Database.OpenAsync();
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM orders WHERE status = 'Submitted'") > 0
                || await OrderingInvariants.UnhandledAsync(connection) > 0)
            {
                return false;
            }

            foreach (var queue in queues)
            {
                if (await Infrastructure.Broker.ReadyMessagesAsync(queue, _cluster.Broker) > 0)
                {
                    return false;
                }
            }

            return true;
        }, "every order is decided and every message handled", TimeSpan.FromSeconds(60));
    }

    private async Task AssertInvariantsAsync()
    {
        var lowest = await _cluster.Database.CountAsync("SELECT MIN((SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = s.id)) FROM listing_skus s");
        await OrderingInvariants.AssertAsync(_cluster, new OrderingExpectations([.. _accepted.Keys], [.. _paid.Keys], _skus, lowest, _statuses));
    }
}
