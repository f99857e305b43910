using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.UnitOrders;

public enum PackingListGrouping
{
    Place,
    Department,
    Person,
}

/// <summary>What to pack; <paramref name="ReadyBy"/> is the date promised for a made-to-order item (null: from stock).</summary>
public sealed record PackingItem(string ProductName, string Spec, int Quantity, DateOnly? ReadyBy = null);

/// <summary>What goes to one place (its address), or to one department.</summary>
public sealed record PackingGroup(string Title, DeliveryAddress? Address, IReadOnlyList<PackingItem> Items);

public sealed record PackingPerson(string Department, string Name, string EmployeeNumber, string ProductName, string Spec, int Quantity, DateOnly? ReadyBy = null);

/// <summary>A supplier's packing list of one sub-order: per delivery place, and for a uniform order per department and per person.</summary>
public sealed record UnitPackingList(SupplierSubOrderView SubOrder, IReadOnlyList<PackingGroup> Places, IReadOnlyList<PackingGroup> Departments, IReadOnlyList<PackingPerson> People);

/// <summary>
/// Packing lists of bulk and uniform orders for their supplier: lines grouped by the place they go to, and a uniform
/// order's roster (only this supplier's garments) per department and per person. Only the supplier's own paid sub-orders.
/// </summary>
public sealed class UnitOrderPackingLists(SupplierSubOrders subOrders, MarketplaceDbContext db)
{
    public async Task<UnitPackingList?> FindAsync(Guid supplierId, Guid subOrderId, CancellationToken cancellationToken)
    {
        if (await subOrders.FindAsync(supplierId, subOrderId, cancellationToken) is not { } view)
        {
            return null;
        }

        var deliveries = await db.OrderDeliveries.AsNoTracking().Where(d => d.OrderId == view.OrderId).ToDictionaryAsync(d => d.Id, cancellationToken);
        var placeOf = await db.OrderLines.AsNoTracking().Where(l => l.SubOrderId == subOrderId).ToDictionaryAsync(l => l.Id, l => l.DeliveryId, cancellationToken);
        var places = view.Lines.GroupBy(l => placeOf.GetValueOrDefault(l.Id))
            .Select(g => (Delivery: g.Key is { } id ? deliveries[id] : null, Lines: g))
            .OrderBy(g => g.Delivery?.Position ?? -1)
            .Select(g => new PackingGroup(
                g.Delivery?.Label ?? view.Address.Recipient, g.Delivery?.Address ?? view.Address,
                [.. g.Lines.OrderBy(l => l.ProductName, StringComparer.Ordinal).ThenBy(l => l.Spec, StringComparer.Ordinal).Select(l => new PackingItem(l.ProductName, l.Spec, l.Quantity, l.ReadyBy))]))
            .ToList();

        var lineOfSku = view.Lines.GroupBy(l => l.SkuId).ToDictionary(g => g.Key, g => g.First());
        var skuIds = lineOfSku.Keys.ToList();
        var people = view.Kind is not (OrderKind.Uniform or OrderKind.Welfare) ? [] : (await db.RosterEntries.AsNoTracking()
                .Where(r => r.OrderId == view.OrderId && skuIds.Contains(r.SkuId)).ToListAsync(cancellationToken))
            .Select(r => new PackingPerson(r.Department, r.Name, r.EmployeeNumber, lineOfSku[r.SkuId].ProductName, lineOfSku[r.SkuId].Spec, r.Quantity, lineOfSku[r.SkuId].ReadyBy))
            .OrderBy(p => p.Department, StringComparer.Ordinal).ThenBy(p => p.EmployeeNumber, StringComparer.Ordinal).ThenBy(p => p.ProductName, StringComparer.Ordinal).ThenBy(p => p.Spec, StringComparer.Ordinal)
            .ToList();
        var departments = people.GroupBy(p => p.Department)
            .Select(g => new PackingGroup(g.Key, null, [.. g.GroupBy(p => (p.ProductName, p.Spec, p.ReadyBy)).OrderBy(x => x.Key.ProductName, StringComparer.Ordinal).ThenBy(x => x.Key.Spec, StringComparer.Ordinal)
                .Select(x => new PackingItem(x.Key.ProductName, x.Key.Spec, x.Sum(p => p.Quantity), x.Key.ReadyBy))]))
            .ToList();
        return new(view, places, departments, people);
    }

    private static readonly SheetColumn Place = new("place", "收货点", "Delivery");
    private static readonly SheetColumn Recipient = new("recipient", "收货人", "Recipient");
    private static readonly SheetColumn Phone = new("phone", "电话", "Phone");
    private static readonly SheetColumn Address = new("address", "地址", "Address");
    private static readonly SheetColumn Department = new("department", "部门", "Department");
    private static readonly SheetColumn Name = new("name", "姓名", "Name");
    private static readonly SheetColumn EmployeeNumber = new("employeeNumber", "工号", "Employee number");
    private static readonly SheetColumn Product = new("product", "商品", "Product");
    private static readonly SheetColumn Spec = new("spec", "规格", "Spec");
    private static readonly SheetColumn Quantity = new("quantity", "数量", "Quantity");
    private static readonly SheetColumn ReadyBy = new("readyBy", "承诺备货日期", "Promised ready by");

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The packing list as a sheet to print or pick from, one row per item; with a made-to-order item, a last column says
    /// the date each item was promised ready by (empty for items from stock).
    /// </summary>
    public static byte[] Sheet(UnitPackingList list, PackingListGrouping grouping, SheetFormat format, bool english)
    {
        var promised = list.SubOrder.Lines.Any(l => l.ReadyBy is not null);
        return grouping switch
        {
            PackingListGrouping.Place => Write(format, promised, [Place, Recipient, Phone, Address, Product, Spec, Quantity],
                list.Places.SelectMany(g => g.Items.Select(i => (new object?[] { g.Title, g.Address!.Recipient, g.Address.Phone, $"{g.Address.Region} {g.Address.Line}", i.ProductName, i.Spec, i.Quantity }, i.ReadyBy))), english),
            PackingListGrouping.Department => Write(format, promised, [Department, Product, Spec, Quantity],
                list.Departments.SelectMany(g => g.Items.Select(i => (new object?[] { g.Title, i.ProductName, i.Spec, i.Quantity }, i.ReadyBy))), english),
            _ => Write(format, promised, [Department, Name, EmployeeNumber, Product, Spec, Quantity],
                list.People.Select(p => (new object?[] { p.Department, p.Name, p.EmployeeNumber, p.ProductName, p.Spec, p.Quantity }, p.ReadyBy)), english),
        };
    }

    private static byte[] Write(SheetFormat format, bool promised, SheetColumn[] columns, IEnumerable<(object?[] Cells, DateOnly? ReadyBy)> rows, bool english) =>
        promised
            ? Catalog.SupplierListings.Sheet.Write(format, [.. columns, ReadyBy], rows.Select(r => (object?[])[.. r.Cells, Date(r.ReadyBy)]), english)
            : Catalog.SupplierListings.Sheet.Write(format, columns, rows.Select(r => r.Cells), english);
}
