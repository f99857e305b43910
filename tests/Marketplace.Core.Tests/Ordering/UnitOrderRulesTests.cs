using Marketplace.Core.Ordering;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>What a bulk or uniform order may hold that a cart order may not: 10,000 lines, one SKU to several places.</summary>
public sealed class UnitOrderRulesTests
{
    private static readonly DateTime Now = new(2021, 9, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DeliveryAddress Office = new("王建国", "13800001234", "重庆市江北区", "建新东路 1 号", "400020");
    private static readonly DeliveryRequest[] TwoPlaces = [new("总装车间", Office), new("职工食堂", Office with { Line = "建新东路 2 号" })];

    [Test]
    public void A_bulk_order_takes_10000_lines_and_sends_one_sku_to_several_places()
    {
        var sku = Guid.CreateVersion7();
        var lines = Enumerable.Range(0, OrderingOptions.MaxUnitOrderLines - 2).Select(_ => new RequestedLine(Guid.CreateVersion7(), 1, 0))
            .Append(new RequestedLine(sku, 3, 0)).Append(new RequestedLine(sku, 4, 1)).ToList();

        var order = Submit(OrderKind.Bulk, lines, TwoPlaces);

        Assert.Multiple(() =>
        {
            Assert.That(order.Lines, Has.Count.EqualTo(10_000));
            Assert.That(order.Kind, Is.EqualTo(OrderKind.Bulk));
            Assert.That(order.Deliveries.Select(d => d.Label), Is.EqualTo(new[] { "总装车间", "职工食堂" }));
            Assert.That(order.Lines[^1].DeliveryId, Is.EqualTo(order.Deliveries[1].Id));
            Assert.That(order.Lines[^2].DeliveryId, Is.EqualTo(order.Deliveries[0].Id));
        });
    }

    [Test]
    public void Limits_hold_for_each_kind()
    {
        var sku = Guid.CreateVersion7();
        var many = Enumerable.Range(0, OrderingOptions.MaxLines + 1).Select(_ => new RequestedLine(Guid.CreateVersion7(), 1)).ToList();
        var tooMany = Enumerable.Range(0, OrderingOptions.MaxUnitOrderLines + 1).Select(_ => new RequestedLine(Guid.CreateVersion7(), 1, 0)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(() => Submit(OrderKind.Standard, many, null), Throws.TypeOf<OrderRuleException>(), "a cart order keeps its 200 lines");
            Assert.That(() => Submit(OrderKind.Bulk, tooMany, TwoPlaces), Throws.TypeOf<OrderRuleException>());
            Assert.That(() => Submit(OrderKind.Bulk, [new(sku, 1, 0), new(sku, 2, 0)], TwoPlaces), Throws.TypeOf<OrderRuleException>(), "same SKU, same place");
            Assert.That(() => Submit(OrderKind.Bulk, [new(sku, 1, 2)], TwoPlaces), Throws.TypeOf<OrderRuleException>(), "no such place");
            Assert.That(() => Submit(OrderKind.Standard, [new(sku, 1, 0), new(sku, 2, 1)], TwoPlaces), Throws.TypeOf<OrderRuleException>(), "a cart order has one address");
        });
    }

    private static Order Submit(OrderKind kind, IReadOnlyList<RequestedLine> lines, IReadOnlyList<DeliveryRequest>? places) => Order.Submit(
        new OrderRequest(
            Guid.CreateVersion7(), Guid.CreateVersion7(), OrderChannel.UnitCollective, FundingSource.UnitProcurement, Office, null, "PO-1", null, null, "key-1",
            lines, kind, places),
        "hash", Now, new OrderNumbers(new Random(1)));
}
