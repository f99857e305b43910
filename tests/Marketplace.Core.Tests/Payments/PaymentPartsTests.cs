using Marketplace.Contracts.Payments;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Payments;
using Marketplace.Core.Tests.Messaging;
using Marketplace.Core.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Tests.Payments;

/// <summary>
/// An order paid by several parts through the settlement seam (a welfare allowance part, as the wallet side records it,
/// and a test-payment part for the rest), and refunds that send each part back where it came from, exact to the fen.
/// </summary>
public sealed class PaymentPartsTests
{
    private TempFolder _folder = null!;
    private EmbeddedHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _folder = new TempFolder();
        _host = await EmbeddedHost.StartAsync(_folder.Path, new Dictionary<string, string?> { ["Ordering:SweepInterval"] = "01:00:00" });
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task An_allowance_part_and_a_part_for_the_rest_pay_the_order_and_a_cancellation_returns_each()
    {
        var (world, orderId, total) = await PlacedOrderAsync(2, 6850);
        var allowance = await InTransactionAsync((s, _) => s.RecordSucceededAsync(orderId, PaymentMethod.WelfareAllowance, 10_000, "wallet-entry-1", default));
        var dueAfterAllowance = await InTransactionAsync((s, _) => s.AmountDueAsync(orderId, default));
        var rest = await InTransactionAsync(async (s, db) =>
        {
            var part = Payment.Start(orderId, world.BuyerId, PaymentMethod.TestPayment, total - 10_000, DateTime.UtcNow);
            db.Payments.Add(part);
            return (part, await s.SucceedAsync(part, "pi_local", default));
        });
        var paid = await world.SettledAsync(orderId, OrderStatus.Paid);

        await CancelAsync(orderId);
        var refunds = await RefundsSettledAsync(orderId, 2);

        Assert.Multiple(async () =>
        {
            Assert.That(allowance.Outcome, Is.EqualTo(SettleOutcome.Partial));
            Assert.That(dueAfterAllowance!.Value.DueFen, Is.EqualTo(total - 10_000));
            Assert.That(rest.Item2, Is.EqualTo(SettleOutcome.Settled));
            Assert.That(paid.Status, Is.EqualTo(OrderStatus.Paid));
            Assert.That(paid.PaidFen, Is.EqualTo(total));
            Assert.That(await world.OutboxCountAsync(nameof(PaymentSucceeded), orderId), Is.EqualTo(1));
            Assert.That(refunds.Single(r => r.PaymentId == allowance.Payment.Id).AmountFen, Is.EqualTo(10_000));
            Assert.That(refunds.Single(r => r.PaymentId == allowance.Payment.Id).Status, Is.EqualTo(RefundStatus.DueToWallet));
            Assert.That(refunds.Single(r => r.PaymentId == rest.part.Id).AmountFen, Is.EqualTo(total - 10_000));
            Assert.That(refunds.Single(r => r.PaymentId == rest.part.Id).Status, Is.EqualTo(RefundStatus.Succeeded));
            Assert.That(refunds.Sum(r => r.AmountFen), Is.EqualTo(total));
            Assert.That(await world.OutboxCountAsync(nameof(WelfareRefundDue), orderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_partial_refund_goes_back_to_the_allowance_first_and_never_beyond_a_part()
    {
        var (world, orderId, total) = await PlacedOrderAsync(3, 2000);
        await InTransactionAsync((s, _) => s.RecordSucceededAsync(orderId, PaymentMethod.WelfareAllowance, 1500, "wallet-entry-2", default));
        await InTransactionAsync((s, _) => s.RecordSucceededAsync(orderId, PaymentMethod.TestPayment, total - 1500, "cs_local_rest", default));
        await world.SettledAsync(orderId, OrderStatus.Paid);

        var unplaced = await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<MarketplaceDbContext>();
            var left = await sp.GetRequiredService<PaymentRefunds>().PlanAsync(orderId, 2000, RefundCauses.OrderRefunded + "x", default);
            await db.SaveChangesAsync();
            return left;
        });
        var parts = await _host.WithDbAsync(db => db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(unplaced, Is.Zero);
            Assert.That(parts.Single(p => p.Method == PaymentMethod.WelfareAllowance).RefundedFen, Is.EqualTo(1500));
            Assert.That(parts.Single(p => p.Method == PaymentMethod.TestPayment).RefundedFen, Is.EqualTo(500));
        });
    }

    [Test]
    public async Task A_part_beyond_what_is_due_or_for_an_order_not_awaiting_payment_is_refused_and_takes_nothing()
    {
        var (_, orderId, total) = await PlacedOrderAsync(1, 5000);
        var tooMuch = Assert.ThrowsAsync<PaymentRuleException>(() => InTransactionAsync((s, _) => s.RecordSucceededAsync(orderId, PaymentMethod.WelfareAllowance, total + 1, "w", default)));
        var unknown = Assert.ThrowsAsync<PaymentRuleException>(() => InTransactionAsync((s, _) => s.RecordSucceededAsync(Guid.CreateVersion7(), PaymentMethod.WelfareAllowance, 1, "w", default)));

        Assert.Multiple(async () =>
        {
            Assert.That(tooMuch!.Rule, Is.EqualTo(PaymentRule.AmountOutOfRange));
            Assert.That(unknown!.Rule, Is.EqualTo(PaymentRule.OrderNotPayable));
            Assert.That(await _host.WithDbAsync(db => db.Payments.CountAsync(p => p.OrderId == orderId)), Is.Zero);
        });
    }

    private async Task<(OrderingWorld World, Guid OrderId, long TotalFen)> PlacedOrderAsync(int quantity, long priceFen)
    {
        var world = await new OrderingWorld(_host).SeedAsync();
        var skus = await world.ListingAsync(1, ("A", priceFen, 100));
        var id = await world.SubmitAsync((skus["A"], quantity));
        var order = await world.SettledAsync(id, OrderStatus.AwaitingPayment);
        Assert.That(order.Status, Is.EqualTo(OrderStatus.AwaitingPayment));
        return (world, id, order.TotalFen);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>As a caller of the seam does: its own transaction, then save and commit.</summary>
    private Task<T> InTransactionAsync<T>(Func<PaymentSettlement, MarketplaceDbContext, Task<T>> work) => InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<MarketplaceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await work(sp.GetRequiredService<PaymentSettlement>(), db);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return result;
    });

    private Task CancelAsync(Guid orderId) => _host.WithDbAsync(async db =>
    {
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).SingleAsync(o => o.Id == orderId);
        db.AddToOutbox(order.Cancel("Buyer", DateTime.UtcNow), TimeProvider.System);
        return await db.SaveChangesAsync();
    });

    private async Task<List<PaymentRefund>> RefundsSettledAsync(Guid orderId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var refunds = await _host.WithDbAsync(db => db.PaymentRefunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());
            if ((refunds.Count >= count && refunds.All(r => r.Status != RefundStatus.Pending)) || DateTime.UtcNow > deadline)
            {
                return refunds;
            }

            await Task.Delay(50);
        }
    }
}
