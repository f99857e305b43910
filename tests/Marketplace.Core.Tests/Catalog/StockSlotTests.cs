using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;

namespace Marketplace.Core.Tests.Catalog;

/// <summary>How a SKU's stock is split into slots, without a database.</summary>
public sealed class StockSlotTests
{
    private static readonly DateTime Now = new(2021, 9, 1, 2, 0, 0, DateTimeKind.Utc);

    [TestCase(0, new[] { 0 })]
    [TestCase(7, new[] { 7 })]
    [TestCase(25, new[] { 9, 8, 8 })]
    [TestCase(300, new[] { 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 18, 18, 18, 18 })]
    public void Stock_is_split_evenly_over_as_many_slots_as_it_fills_and_at_most_sixteen(int stock, int[] shares)
    {
        Assert.Multiple(() =>
        {
            Assert.That(StockSlot.Shares(stock), Is.EqualTo(shares));
            Assert.That(StockSlot.Shares(ListingSku.MaxStock), Has.Length.EqualTo(StockSlot.MaxSlots).And.All.EqualTo(ListingSku.MaxStock / StockSlot.MaxSlots));
        });
    }

    [Test]
    public void A_sku_keeps_its_slots_in_step_with_the_stock_the_supplier_sets()
    {
        var listing = Listing.Create(Organization.CreateSupplier("泸西县高原梨种植专业合作社", null, Now), "532527",
            new ListingDetails("LX-PEAR-01", "泸西高原梨", "阿庐", ProductCategory.Fruit, "高原梨", 1, 30, "全国"),
            [new SkuDraft("5KG", "5kg 箱装", 5000, null, null, 5900, 4900, 300, [])], Now);
        var sku = listing.Skus[0];
        Assert.That((sku.Stock, sku.StockSlots.Count), Is.EqualTo((300, 16)));

        listing.SetStock("5KG", 20, Now);
        Assert.Multiple(() =>
        {
            Assert.That(sku.Stock, Is.EqualTo(20));
            Assert.That(sku.StockSlots.Select(s => (s.Slot, s.Pieces)), Is.EqualTo(new[] { (0, 10), (1, 10) }), "the slots past the new count are dropped");
        });

        listing.SetStock("5KG", 0, Now);
        Assert.That(sku.StockSlots.Select(s => (s.Slot, s.Pieces)), Is.EqualTo(new[] { (0, 0) }), "a SKU always keeps its first slot");
    }
}
