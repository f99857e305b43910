using Marketplace.Core.Catalog;
using Marketplace.Core.Ordering;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>Every order and sub-order step, tried from every state: allowed steps work, the rest are refused and change nothing.</summary>
public sealed class OrderTransitionTests
{
    private static readonly DateTime Now = new(2021, 9, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Guid SupplierA = Guid.CreateVersion7();
    private static readonly Guid SupplierB = Guid.CreateVersion7();

    public enum Step
    {
        Place,
        PlaceForApproval,
        Reject,
        Approve,
        ApproveLevel,
        ChangeQuantities,
        Pay,
        Cancel,
    }

    // Written out by hand, not read from OrderTransitions: the test states the rules independently.
    private static readonly Dictionary<OrderStatus, Step[]> Expected = new()
    {
        [OrderStatus.Submitted] = [Step.Place, Step.PlaceForApproval, Step.Reject],
        [OrderStatus.AwaitingApproval] = [Step.Approve, Step.ApproveLevel, Step.ChangeQuantities, Step.Cancel],
        [OrderStatus.AwaitingPayment] = [Step.Pay, Step.Cancel],
        [OrderStatus.Paid] = [Step.Cancel],
        [OrderStatus.Rejected] = [],
        [OrderStatus.Completed] = [],
        [OrderStatus.Cancelled] = [],
    };

    internal static Order Submitted() => Order.Submit(
        new OrderRequest(
            Guid.CreateVersion7(), Guid.CreateVersion7(), OrderChannel.EmployeePersonal, FundingSource.Personal,
            new DeliveryAddress("李梅", "13800000000", "重庆市江北区", "建新东路 1 号", "400020"), null, null, null, null, "key-1",
            [new RequestedLine(Guid.CreateVersion7(), 2), new RequestedLine(Guid.CreateVersion7(), 1), new RequestedLine(Guid.CreateVersion7(), 3)]),
        "hash",
        Now, new OrderNumbers(new Random(7)));

    internal static PricedLine[] Prices(Order order) =>
    [
        new(order.Lines[0].Id, SupplierA, Guid.CreateVersion7(), "532622", ProductCategory.Meat, "文山牛肉干", "250g", 6800),
        new(order.Lines[1].Id, SupplierB, Guid.CreateVersion7(), "532527", ProductCategory.Fruit, "高原梨", "5kg", 8800),
        new(order.Lines[2].Id, SupplierA, Guid.CreateVersion7(), "532622", ProductCategory.Meat, "文山牛肉", "1kg", 12000),
    ];

    private static Order InStatus(OrderStatus status)
    {
        var order = Submitted();
        switch (status)
        {
            case OrderStatus.Rejected:
                order.Reject(new Dictionary<Guid, LineRejection> { [order.Lines[0].Id] = LineRejection.OutOfStock }, Now);
                break;
            case OrderStatus.AwaitingApproval:
                order.Place(Prices(order), true, Now.AddDays(3), Now);
                break;
            case OrderStatus.AwaitingPayment:
                order.Place(Prices(order), false, Now.AddMinutes(30), Now);
                break;
            case OrderStatus.Paid:
            case OrderStatus.Completed:
            case OrderStatus.Cancelled:
                order.Place(Prices(order), false, Now.AddMinutes(30), Now);
                order.MarkPaid(order.TotalFen, Now);
                if (status == OrderStatus.Cancelled)
                {
                    order.Cancel("不想要了", Now);
                }
                else if (status == OrderStatus.Completed)
                {
                    foreach (var subOrder in order.SubOrders)
                    {
                        order.RefuseSubOrder(subOrder.Id, "缺货", Now);
                    }
                }

                break;
        }

        Assert.That(order.Status, Is.EqualTo(status));
        return order;
    }

    private static void Do(Order order, Step step)
    {
        switch (step)
        {
            case Step.Place:
                order.Place(Prices(order), false, Now.AddMinutes(30), Now);
                break;
            case Step.PlaceForApproval:
                order.Place(Prices(order), true, Now.AddDays(3), Now);
                break;
            case Step.Reject:
                order.Reject(new Dictionary<Guid, LineRejection> { [order.Lines[1].Id] = LineRejection.BelowMinimum }, Now);
                break;
            case Step.Approve:
                order.Approve(Now.AddMinutes(30), Now);
                break;
            case Step.ApproveLevel:
                order.ApproveLevel();
                break;
            case Step.ChangeQuantities:
                order.ChangeQuantities(new Dictionary<Guid, int> { [order.Lines[0].Id] = 5 }, Prices(order));
                break;
            case Step.Pay:
                order.MarkPaid(order.TotalFen, Now);
                break;
            case Step.Cancel:
                order.Cancel("买错了", Now);
                break;
        }
    }

    [Test]
    public void Every_order_step_from_every_status([Values] OrderStatus status, [Values] Step step)
    {
        var order = InStatus(status);
        var revision = order.Revision;
        if (Expected[status].Contains(step))
        {
            Assert.DoesNotThrow(() => Do(order, step));
        }
        else
        {
            Assert.Throws<OrderRuleException>(() => Do(order, step));
            Assert.Multiple(() =>
            {
                Assert.That(order.Status, Is.EqualTo(status));
                Assert.That(order.Revision, Is.EqualTo(revision));
            });
        }
    }

    [Test]
    public void The_transition_table_matches_the_stated_rules([Values] OrderStatus from, [Values] OrderStatus to)
    {
        // Approving a level or changing quantities keeps the order where it is: not a step of the table.
        var reachable = Expected[from].Except([Step.ApproveLevel, Step.ChangeQuantities]).Select(step => step switch
        {
            Step.Place or Step.Approve => OrderStatus.AwaitingPayment,
            Step.PlaceForApproval => OrderStatus.AwaitingApproval,
            Step.Reject => OrderStatus.Rejected,
            Step.Pay => OrderStatus.Paid,
            _ => OrderStatus.Cancelled,
        }).ToHashSet();
        if (from == OrderStatus.Paid)
        {
            reachable.Add(OrderStatus.Completed);
        }

        Assert.That(OrderTransitions.Allows(from, to), Is.EqualTo(reachable.Contains(to)));
    }

    private static readonly (SubOrderStatus From, SubOrderStatus To)[] SubOrderSteps =
    [
        (SubOrderStatus.Pending, SubOrderStatus.AwaitingAcceptance), (SubOrderStatus.Pending, SubOrderStatus.Cancelled),
        (SubOrderStatus.AwaitingAcceptance, SubOrderStatus.Accepted), (SubOrderStatus.AwaitingAcceptance, SubOrderStatus.Refused),
        (SubOrderStatus.AwaitingAcceptance, SubOrderStatus.Cancelled), (SubOrderStatus.Accepted, SubOrderStatus.PartiallyShipped),
        (SubOrderStatus.Accepted, SubOrderStatus.Shipped), (SubOrderStatus.Accepted, SubOrderStatus.Cancelled),
        (SubOrderStatus.PartiallyShipped, SubOrderStatus.PartiallyShipped), (SubOrderStatus.PartiallyShipped, SubOrderStatus.Shipped),
        (SubOrderStatus.Shipped, SubOrderStatus.Delivered), (SubOrderStatus.Delivered, SubOrderStatus.Completed),
    ];

    [Test]
    public void Sub_order_steps_are_exactly_the_stated_ones([Values] SubOrderStatus from, [Values] SubOrderStatus to) =>
        Assert.That(OrderTransitions.Allows(from, to), Is.EqualTo(SubOrderSteps.Contains((from, to))));

    [Test]
    public void Placing_splits_per_supplier_and_totals_exactly()
    {
        var order = Submitted();
        var placed = order.Place(Prices(order), false, Now.AddMinutes(30), Now);
        Assert.Multiple(() =>
        {
            Assert.That(order.SubOrders, Has.Count.EqualTo(2));
            Assert.That(order.SubOrders[0].AmountFen, Is.EqualTo((2 * 6800) + (3 * 12000)));
            Assert.That(order.SubOrders[1].AmountFen, Is.EqualTo(8800));
            Assert.That(placed.TotalFen, Is.EqualTo(58400));
            Assert.That(order.SubOrders[0].Number, Is.EqualTo(order.Number + "-1"));
        });
    }

    [Test]
    public void Partial_shipments_add_up_and_a_shipped_order_cannot_be_cancelled()
    {
        var order = InStatus(OrderStatus.Paid);
        var subA = order.SubOrders[0];
        order.AcceptSubOrder(subA.Id, Now);
        var first = order.Ship(subA.Id, "顺丰速运", "SF100", [new ShipmentLine(order.Lines[0].Id, 2)], Now);
        Assert.That(first.Complete, Is.False);
        Assert.That(subA.Status, Is.EqualTo(SubOrderStatus.PartiallyShipped));
        Assert.Throws<OrderRuleException>(() => order.Ship(subA.Id, "顺丰速运", "SF101", [new ShipmentLine(order.Lines[2].Id, 4)], Now));
        var second = order.Ship(subA.Id, "顺丰速运", "SF101", [new ShipmentLine(order.Lines[2].Id, 3)], Now);
        Assert.Multiple(() =>
        {
            Assert.That(second.Complete, Is.True);
            Assert.That(subA.Shipments, Has.Count.EqualTo(2));
            Assert.That(order.CanCancel, Is.False);
            Assert.That(Assert.Throws<OrderRuleException>(() => order.Cancel("晚了", Now))!.Rule, Is.EqualTo(OrderRule.AlreadyShipped));
        });
    }

    [Test]
    public void The_order_completes_when_its_last_sub_order_does()
    {
        var order = InStatus(OrderStatus.Paid);
        var (a, b) = (order.SubOrders[0], order.SubOrders[1]);
        order.AcceptSubOrder(a.Id, Now);
        order.Ship(a.Id, "EMS", "E1", [new ShipmentLine(order.Lines[0].Id, 2), new ShipmentLine(order.Lines[2].Id, 3)], Now);
        order.MarkDelivered(a.Id, Now);
        Assert.That(order.CompleteSubOrder(a.Id, Now), Is.Null);
        var refund = order.RefuseSubOrder(b.Id, "产地霜冻，无货", Now);
        Assert.Multiple(() =>
        {
            Assert.That(refund.AmountFen, Is.EqualTo(8800));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Completed));
            Assert.That(order.RefundedFen, Is.EqualTo(8800));
        });
    }

    [Test]
    public void A_paid_cancellation_owes_back_what_was_paid_less_refunds()
    {
        var order = InStatus(OrderStatus.Paid);
        order.Refund([(order.Lines[1].Id, 1, 8800)], Now);
        var cancelled = order.Cancel("单位取消", Now);
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.WasPaid, Is.True);
            Assert.That(cancelled.RefundDueFen, Is.EqualTo(58400 - 8800));
            Assert.That(order.SubOrders.All(s => s.Status == SubOrderStatus.Cancelled), Is.True);
        });
    }

    [Test]
    public void Changing_quantities_reprices_lines_sub_orders_and_the_total()
    {
        var order = InStatus(OrderStatus.AwaitingApproval);
        var prices = Prices(order);
        prices[2] = prices[2] with { UnitPriceFen = 11000 };
        order.ChangeQuantities(new Dictionary<Guid, int> { [order.Lines[2].Id] = 10 }, prices);
        Assert.Multiple(() =>
        {
            Assert.That(order.Lines[2].Quantity, Is.EqualTo(10));
            Assert.That(order.Lines[2].AmountFen, Is.EqualTo(110000));
            Assert.That(order.SubOrders[0].AmountFen, Is.EqualTo((2 * 6800) + 110000));
            Assert.That(order.TotalFen, Is.EqualTo((2 * 6800) + 110000 + 8800));
        });
    }

    [Test]
    public void A_change_to_no_pieces_or_of_a_foreign_line_is_refused_and_changes_nothing()
    {
        var order = InStatus(OrderStatus.AwaitingApproval);
        var (total, revision) = (order.TotalFen, order.Revision);
        Assert.Throws<OrderRuleException>(() => order.ChangeQuantities(new Dictionary<Guid, int> { [order.Lines[0].Id] = 0 }, Prices(order)));
        Assert.Throws<OrderRuleException>(() => order.ChangeQuantities(new Dictionary<Guid, int> { [Guid.CreateVersion7()] = 1 }, Prices(order)));
        Assert.That((order.TotalFen, order.Revision, order.Lines[0].Quantity), Is.EqualTo((total, revision, 2)));
    }

    [Test]
    public void A_payment_of_the_wrong_amount_is_refused()
    {
        var order = InStatus(OrderStatus.AwaitingPayment);
        Assert.Throws<OrderRuleException>(() => order.MarkPaid(order.TotalFen - 1, Now));
        Assert.That(order.Status, Is.EqualTo(OrderStatus.AwaitingPayment));
    }
}
