using Marketplace.Contracts.Ordering;
using Marketplace.Core.Approvals;
using Marketplace.Core.Audit;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Payments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Demo;

/// <summary>
/// The seed report's year (2021) replayed through the real order pipeline, so that its dashboard and annual report
/// state the report's figures: each order is stored as submitted with its <see cref="SubmitOrder"/> in the outbox, the
/// order service prices and places it, units pay by corporate transfer (recorded by their finance, confirmed by the
/// operator) and employees with their own money, and the ledger counts each <c>OrderPaid</c>. Nothing writes a total
/// or a ledger entry. While it runs, the host's <see cref="DemoClock"/> reads a day of that month, so every step is
/// dated then; the stock it sells is added first through the listings, so this year's stock is as it was. Unit orders
/// that the unit's approval rules hold are approved on the day, level by level, by its approver and finance through
/// <see cref="OrderApprovals"/>, as they would on their page. The year's other events happen on their days through their
/// own code: the operator sets the units' targets in January (<see cref="DemoTargets"/>), and 长安汽车 signs the
/// winter-uniform agreement in October (<see cref="DemoAgreements"/>), after the summer uniforms were bought in May to
/// July. Runs once: a database that has any of its orders is left alone.
/// </summary>
public static class DemoHistory
{
    public const int Year = 2021;

    public const string KeyPrefix = "demo-2021-";

    private const string PurchaserEmail = "purchaser@changan.demo";
    private const string FinanceEmail = "finance@changan.demo";
    private static readonly string[] ApproverEmails = ["approver@changan.demo", FinanceEmail];
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The report's figures: 两县 ¥7,470,000, Xinjiang and Tibet ¥873,600, summer uniforms ¥85,600 (bought in summer), 帮助销售 ¥10,634,400.</summary>
    public static readonly IReadOnlyList<DemoStream> Streams =
    [
        new("两县直接采购", 747_000_000, UnitProcurement: true,
            [Sku("YS-BEEF-CHILLED", "BRISKET-1KG"), Sku("YS-BEEF-CHILLED", "SHANK-1KG"), Sku("YS-BEEF-CHILLED", "GIFT-3KG"), Sku("YS-JERKY", "SPICY-200G"),
             Sku("YS-JERKY", "FIVESPICE-200G"), Sku("YS-JERKY", "SPICY-500G"), Sku("YS-CHILI", "2500G"), Sku("YS-CHILI", "10KG"),
             Sku("LX-PEAR", "GIFT-5KG"), Sku("LX-PEAR", "BOX-10KG")],
            MinPieces: 150, MaxPieces: 600, MaxLines: 3,
            Sku("YS-CHILI", "500G"), [Sku("YS-JERKY", "SPICY-200G"), Sku("LX-PEAR", "GIFT-5KG"), Sku("YS-BEEF-CHILLED", "BRISKET-1KG")]),
        new("新疆西藏特色产品", 87_360_000, UnitProcurement: true,
            [Sku("HT-JUJUBE", "SPECIAL-1KG"), Sku("HT-JUJUBE", "FIRST-2500G"), Sku("HT-JUJUBE", "WELFARE-5KG"), Sku("AK-APPLE", "5KG-80"),
             Sku("AK-APPLE", "10KG-80"), Sku("NC-BARLEY", "2500G"), Sku("NC-BARLEY", "TSAMPA-1KG"), Sku("SG-YAK-JERKY", "PLAIN-250G"),
             Sku("SG-YAK-JERKY", "SPICY-250G"), Sku("SG-YAK-JERKY", "GIFT-500G-2"), Sku("SG-INCENSE", "BOX-30")],
            MinPieces: 60, MaxPieces: 300, MaxLines: 3,
            Sku("SG-INCENSE", "GIFT-3BOX"),
            [Sku("HT-JUJUBE", "SPECIAL-1KG"), Sku("NC-BARLEY", "2500G"), Sku("SG-YAK-JERKY", "PLAIN-250G"), Sku("NC-BARLEY", "TSAMPA-1KG")]),
        new("夏季工装", 8_560_000, UnitProcurement: true, Shirts(), MinPieces: 10, MaxPieces: 40, MaxLines: 6, Shirts()[1], [.. Shirts().Where((_, i) => i != 1)],
            Months: [5, 6, 7]),
        new("帮助销售", 1_063_440_000, UnitProcurement: false,
            [Sku("YS-BEEF-CHILLED", "GIFT-3KG"), Sku("YS-BEEF-CHILLED", "BRISKET-1KG"), Sku("YS-BEEF-CHILLED", "SHANK-1KG"), Sku("YS-JERKY", "SPICY-200G"),
             Sku("YS-JERKY", "FIVESPICE-200G"), Sku("YS-JERKY", "SPICY-500G"), Sku("YS-CHILI", "500G"), Sku("YS-CHILI", "2500G"),
             Sku("LX-PEAR", "GIFT-5KG"), Sku("LX-PEAR", "BOX-10KG"), Sku("HT-JUJUBE", "SPECIAL-1KG"), Sku("HT-JUJUBE", "FIRST-2500G"), Sku("AK-APPLE", "5KG-80")],
            MinPieces: 60, MaxPieces: 300, MaxLines: 3,
            Sku("YS-CHILI", "500G"), [Sku("YS-JERKY", "FIVESPICE-200G"), Sku("LX-PEAR", "BOX-10KG"), Sku("YS-BEEF-CHILLED", "SHANK-1KG")]),
    ];

    /// <summary>Plans, restocks and runs the year's orders month by month; returns how many orders it placed and paid (0: already there).</summary>
    public static async Task<int> SeedAsync(IServiceScopeFactory scopes, DemoClock clock, CancellationToken cancellationToken = default)
    {
        Buyers buyers;
        List<PlannedOrder> plan;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            if (await db.Orders.AnyAsync(o => o.IdempotencyKey.StartsWith(KeyPrefix), cancellationToken)
                || await BuyersAsync(db, cancellationToken) is not { } found
                || await SkusAsync(db, cancellationToken) is not { } skus)
            {
                return 0;
            }

            buyers = found;
            plan = [.. Streams.SelectMany((stream, i) => DemoHistoryPlanner.Plan(stream, skus, (Year * 10) + i))];
            await RestockAsync(db, plan, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }

        var numbers = new OrderNumbers(new Random(Year));
        var sequence = 0;
        var events = new Queue<(DateTimeOffset At, Func<IServiceProvider, Task<int>> Run)>(
        [
            (new DateTimeOffset(Year, 1, 8, 2, 0, 0, TimeSpan.Zero), services => DemoTargets.SeedAsync(services, Year, cancellationToken)),
            (new DateTimeOffset(Year, 10, 20, 2, 0, 0, TimeSpan.Zero), services => DemoAgreements.SeedAsync(services.GetRequiredService<MarketplaceDbContext>(), clock, cancellationToken)),
        ]);
        async Task EventsBeforeAsync(DateTimeOffset until)
        {
            while (events.Count > 0 && events.Peek().At < until)
            {
                var (at, run) = events.Dequeue();
                clock.TravelTo(at);
                await using var scope = scopes.CreateAsyncScope();
                await run(scope.ServiceProvider);
            }
        }

        try
        {
            foreach (var month in plan.GroupBy(o => o.Month).OrderBy(g => g.Key))
            {
                // The 12th of the month, 10:00 China time.
                var day = new DateTimeOffset(Year, month.Key, 12, 2, 0, 0, TimeSpan.Zero);
                await EventsBeforeAsync(day);
                clock.TravelTo(day);
                var orders = await SubmitAsync(scopes, clock, buyers, [.. month], numbers, sequence, cancellationToken);
                sequence += orders.Count;
                await WaitAsync(scopes, db => db.Orders.CountAsync(o => orders.Contains(o.Id) && o.Status == OrderStatus.Submitted, cancellationToken), cancellationToken);
                await ApproveAsync(scopes, buyers, orders, cancellationToken);
                await PayAsync(scopes, buyers, orders, cancellationToken);
                var lines = month.Sum(o => o.Lines.Count);
                await WaitAsync(scopes, async db => orders.Count - await db.Orders.CountAsync(o => orders.Contains(o.Id) && o.Status == OrderStatus.Paid, cancellationToken)
                    + lines - await db.AssistanceEntries.CountAsync(e => orders.Contains(e.OrderId), cancellationToken), cancellationToken);
            }

            await EventsBeforeAsync(DateTimeOffset.MaxValue);
        }
        finally
        {
            clock.Return();
        }

        return plan.Count;
    }

    private static DemoSkuRef Sku(string listing, string sku) => new(listing, sku);

    private static DemoSkuRef[] Shirts() =>
        [.. new[] { "S", "M", "L", "XL", "XXL", "XXXL" }.Select(size => Sku("SF-SUMMER-SHIRT", $"SHIRT-{size}"))];

    private sealed record Buyers(
        Guid UnitId, Guid Purchaser, AuditActor Finance, AuditActor Operator, IReadOnlyList<Approver> Approvers, IReadOnlyList<(Guid User, Guid Unit)> Employees);

    private static async Task<Buyers?> BuyersAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        var emails = DemoAccounts.All.Where(a => a.Organization is DemoAccounts.Changan or DemoAccounts.Jialing).Select(a => a.Email).Append(DemoAccounts.OperatorEmail).ToList();
        var users = await db.Users.Where(u => emails.Contains(u.Email!)).ToDictionaryAsync(u => u.Email!, u => u.Id, cancellationToken);
        var units = await db.Organizations.Where(o => o.Name == DemoAccounts.Changan || o.Name == DemoAccounts.Jialing).ToDictionaryAsync(o => o.Name, o => o.Id, cancellationToken);
        if (users.Count != emails.Count || units.Count != 2)
        {
            return null;
        }

        var employees = DemoAccounts.All.Where(a => a.Organization is not null && units.ContainsKey(a.Organization))
            .Select(a => (users[a.Email], units[a.Organization!])).ToList();
        var changan = units[DemoAccounts.Changan];
        var approvers = ApproverEmails.Select(e => new Approver(users[e], changan, DemoAccounts.ByEmail(e).Roles, new AuditActor(users[e], changan, null))).ToList();
        return new Buyers(
            changan, users[PurchaserEmail], new AuditActor(users[FinanceEmail], changan, null), new AuditActor(users[DemoAccounts.OperatorEmail], null, null),
            approvers, employees);
    }

    private static async Task<Dictionary<DemoSkuRef, PlannerSku>?> SkusAsync(MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        var wanted = Streams.SelectMany(s => s.Skus.Concat(s.ClosingCapped).Append(s.Closing)).Distinct().ToList();
        var codes = wanted.Select(w => w.Listing).Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().Include(l => l.Skus).AsSplitQuery()
            .Where(l => codes.Contains(l.ProductCode) && l.Status == ListingStatus.Published).ToListAsync(cancellationToken);
        var found = new Dictionary<DemoSkuRef, PlannerSku>();
        foreach (var want in wanted)
        {
            var listing = listings.FirstOrDefault(l => l.ProductCode == want.Listing);
            if (listing?.Skus.FirstOrDefault(s => s.Code == want.Sku && s.IsActive) is not { } sku)
            {
                return null;
            }

            found[want] = new PlannerSku(want, sku.Id, sku, listing.MinimumOrderQuantity);
        }

        return found;
    }

    /// <summary>Adds the stock the year sells, so that after it every SKU has the stock it had.</summary>
    private static async Task RestockAsync(MarketplaceDbContext db, IReadOnlyList<PlannedOrder> plan, DateTime now, CancellationToken cancellationToken)
    {
        var sold = plan.SelectMany(o => o.Lines).GroupBy(l => l.SkuId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var skuIds = sold.Keys.ToList();
        var listings = await db.Listings.Include(l => l.Skus).AsSplitQuery().Where(l => l.Skus.Any(s => skuIds.Contains(s.Id))).ToListAsync(cancellationToken);
        foreach (var listing in listings)
        {
            foreach (var sku in listing.Skus.Where(s => sold.ContainsKey(s.Id)).ToList())
            {
                listing.SetStock(sku.Code, sku.Stock + sold[sku.Id], now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<List<Guid>> SubmitAsync(
        IServiceScopeFactory scopes, TimeProvider clock, Buyers buyers, IReadOnlyList<PlannedOrder> orders, OrderNumbers numbers, int sequence, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var ids = new List<Guid>(orders.Count);
        foreach (var planned in orders)
        {
            var n = sequence + ids.Count + 1;
            var (buyer, unit) = planned.UnitProcurement ? (buyers.Purchaser, buyers.UnitId) : buyers.Employees[n % buyers.Employees.Count];
            var request = new OrderRequest(
                buyer, unit, planned.UnitProcurement ? OrderChannel.UnitCollective : OrderChannel.EmployeePersonal,
                planned.UnitProcurement ? FundingSource.UnitProcurement : FundingSource.Personal,
                new DeliveryAddress(planned.UnitProcurement ? "采购员 刘洋" : "职工", "023-67591234", "重庆市江北区", "建新东路 260 号", "400023"),
                planned.UnitProcurement ? DemoAccounts.Changan : null, planned.UnitProcurement ? $"CG{Year}-{n:D5}" : null, null, null,
                $"{KeyPrefix}{n:D5}", [.. planned.Lines.Select(l => new RequestedLine(l.SkuId, l.Quantity))]);
            var order = Order.Submit(request, planned.Stream, clock.GetUtcNow().UtcDateTime, numbers);
            db.Orders.Add(order);
            db.AddToOutbox(new SubmitOrder(order.Id), clock);
            ids.Add(order.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ids;
    }

    /// <summary>Approves each order waiting for approval, every level it needs, each by the approver holding that level's role.</summary>
    private static async Task ApproveAsync(IServiceScopeFactory scopes, Buyers buyers, IReadOnlyList<Guid> orderIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in orderIds.Chunk(50))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            var approvals = scope.ServiceProvider.GetRequiredService<OrderApprovals>();
            var waiting = await db.Set<OrderApproval>().AsNoTracking().Include(a => a.Steps)
                .Where(a => chunk.Contains(a.OrderId) && a.Status == ApprovalStatus.Pending).ToListAsync(cancellationToken);
            foreach (var approval in waiting)
            {
                foreach (var step in approval.Steps.Where(s => s.Level <= approval.LevelsRequired).OrderBy(s => s.Level))
                {
                    var approver = buyers.Approvers.First(a => a.Roles.Contains(step.ApproverRole));
                    var outcome = await approvals.ApproveAsync(approval.OrderId, approver, cancellationToken);
                    if (outcome.Failure != ApprovalFailure.None)
                    {
                        throw new InvalidOperationException($"Demo order {approval.OrderId} was not approved at level {step.Level}: {outcome.Failure} {outcome.Refusal}.");
                    }
                }
            }
        }
    }

    /// <summary>Pays every placed order: units by corporate transfer (recorded, then confirmed on receipt), employees at the checkout.</summary>
    private static async Task PayAsync(IServiceScopeFactory scopes, Buyers buyers, IReadOnlyList<Guid> orderIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in orderIds.Chunk(50))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            var orders = await db.Orders.AsNoTracking().Where(o => chunk.Contains(o.Id))
                .Select(o => new { o.Id, o.Number, o.Status, o.TotalFen, o.FundingSource }).ToListAsync(cancellationToken);
            foreach (var order in orders)
            {
                if (order.Status != OrderStatus.AwaitingPayment)
                {
                    throw new InvalidOperationException($"Demo order {order.Number} is {order.Status}, not awaiting payment.");
                }

                var outcome = order.FundingSource == FundingSource.UnitProcurement
                    ? await TransferAsync(scope.ServiceProvider.GetRequiredService<CorporateTransfers>(), buyers, order.Id, order.Number, order.TotalFen, cancellationToken)
                    : (await scope.ServiceProvider.GetRequiredService<PaymentSettlement>()
                        .RecordSucceededAsync(order.Id, PaymentMethod.TestPayment, order.TotalFen, $"pi_demo_{order.Id:N}", cancellationToken)).Outcome;
                if (outcome != SettleOutcome.Settled)
                {
                    throw new InvalidOperationException($"Demo order {order.Number} was not settled by its payment: {outcome}.");
                }
            }

            // The checkout payments of the chunk, in one transaction.
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static async Task<SettleOutcome?> TransferAsync(
        CorporateTransfers transfers, Buyers buyers, Guid orderId, string number, long amountFen, CancellationToken cancellationToken)
    {
        var recorded = await transfers.RecordAsync(orderId, $"DEMO-{number}", amountFen, buyers.Finance, cancellationToken);
        return recorded.Payment is { } payment && recorded.Failure == TransferFailure.None
            ? (await transfers.ConfirmAsync(payment.Id, buyers.Operator, cancellationToken)).Settled
            : null;
    }

    /// <summary>Waits until the pipeline has nothing left of the step (<paramref name="remaining"/> reaches 0).</summary>
    private static async Task WaitAsync(IServiceScopeFactory scopes, Func<MarketplaceDbContext, Task<int>> remaining, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                if (await remaining(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>()) == 0)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The order pipeline did not finish the demo year's step in time.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
