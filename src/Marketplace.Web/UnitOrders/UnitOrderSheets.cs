using System.Text;
using Marketplace.Web.Catalog.SupplierListings;

namespace Marketplace.Web.UnitOrders;

/// <summary>The columns of a bulk-order sheet and of a uniform roster (Chinese or English headers), and pasted text as a sheet.</summary>
public static class UnitOrderSheets
{
    public static readonly SheetColumn Sku = new("sku", "规格编号", "SKU");
    public static readonly SheetColumn Quantity = new("quantity", "数量", "Quantity");
    public static readonly SheetColumn Delivery = new("delivery", "收货点", "Delivery", Optional: true);
    public static readonly SheetColumn Recipient = new("recipient", "收货人", "Recipient", Optional: true);
    public static readonly SheetColumn Phone = new("phone", "电话", "Phone", Optional: true);
    public static readonly SheetColumn Region = new("region", "地区", "Region", Optional: true);
    public static readonly SheetColumn AddressLine = new("address", "详细地址", "Address", Optional: true);

    public static readonly SheetColumn Name = new("name", "姓名", "Name");
    public static readonly SheetColumn EmployeeNumber = new("employeeNumber", "工号", "Employee number");
    public static readonly SheetColumn Department = new("department", "部门", "Department");
    public static readonly SheetColumn Garment = new("garment", "服装", "Garment");
    public static readonly SheetColumn Size = new("size", "尺码", "Size");
    public static readonly SheetColumn RosterQuantity = new("quantity", "数量", "Quantity", Optional: true);

    public static readonly IReadOnlyList<SheetColumn> Bulk = [Sku, Quantity, Delivery, Recipient, Phone, Region, AddressLine];

    public static readonly IReadOnlyList<SheetColumn> Roster = [Name, EmployeeNumber, Department, Garment, Size, RosterQuantity];

    /// <summary>An uploaded sheet as CSV text (an xlsx file's first worksheet), for a draft to keep.</summary>
    public static string AsText(byte[] content)
    {
        if (Sheet.FormatOf(content) == SheetFormat.Csv)
        {
            return Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        }

        var csv = new StringBuilder();
        foreach (var (_, fields) in SheetXlsx.Lines(content, Core.Ordering.OrderingOptions.MaxUnitOrderLines))
        {
            csv.AppendJoin(',', fields.Select(cell => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Text pasted from a spreadsheet (tab-separated) or typed as CSV, as UTF-8 CSV bytes for <see cref="Sheet.Read"/>.</summary>
    public static byte[] FromPastedText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (!lines.Any(l => l.Contains('\t', StringComparison.Ordinal)))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var csv = new StringBuilder(text.Length + (text.Length / 4));
        foreach (var line in lines)
        {
            csv.AppendJoin(',', line.Split('\t').Select(cell => "\"" + cell.Trim().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")).Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
