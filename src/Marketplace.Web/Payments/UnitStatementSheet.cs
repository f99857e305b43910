using Marketplace.Core.Payments;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Payments;

/// <summary>
/// A unit's monthly statement as one sheet (xlsx or CSV, the same rows): one row per order, then the totals, the
/// money received and paid back per method, and the refunds still due back. Amounts are plain yuan with two
/// decimals, exactly the page's fen; labels follow the request's language.
/// </summary>
public static class UnitStatementSheet
{
    private static readonly SheetColumn[] Columns =
    [
        new("number", "订单号", "Order"),
        new("placedAt", "下单时间", "Placed"),
        new("kind", "类型", "Kind"),
        new("status", "订单状态", "Status"),
        new("poNumber", "PO号", "PO number"),
        new("total", "订单金额", "Order total"),
        new("opening", "期初应付", "Opening due"),
        new("charged", "本月应付", "Charged"),
        new("credited", "本月冲减", "Credited"),
        new("paid", "本月付款", "Paid"),
        new("refunded", "本月退回", "Refunded"),
        new("closing", "期末应付", "Closing due"),
    ];

    public static byte[] Write(UnitStatement statement, SheetFormat format, IStringLocalizer<SharedResource> l) =>
        Sheet.Write(format, Columns, Rows(statement, l), english: !ListingSheet.InChinese);

    public static string FileName(UnitStatement statement, SheetFormat format) =>
        $"statement-{statement.Month}.{format.ToString().ToLowerInvariant()}";

    private static IEnumerable<object?[]> Rows(UnitStatement s, IStringLocalizer<SharedResource> l)
    {
        foreach (var o in s.Orders)
        {
            yield return
            [
                o.Number, ChinaCalendar.TimeOf(o.PlacedAt), l["Statement.Kind." + o.Kind].Value, l["OrderStatus." + o.Status].Value, o.PoNumber, Money.Plain(o.TotalFen),
                Money.Plain(o.OpeningFen), Money.Plain(o.ChargedFen), Money.Plain(o.CreditedFen), Money.Plain(o.PaidFen), Money.Plain(o.RefundedFen), Money.Plain(o.ClosingFen),
            ];
        }

        yield return
        [
            l["Statement.Total"].Value, null, null, null, null, null,
            Money.Plain(s.OpeningFen), Money.Plain(s.ChargedFen), Money.Plain(s.CreditedFen), Money.Plain(s.PaidFen), Money.Plain(s.RefundedFen), Money.Plain(s.ClosingFen),
        ];
        foreach (var m in s.Methods)
        {
            yield return [l["PaymentMethod." + m.Method].Value, null, null, null, null, null, null, null, null, Money.Plain(m.PaidFen), Money.Plain(m.RefundedFen), null];
        }

        yield return [l["Statement.RefundsOutstanding"].Value, null, null, null, null, null, null, null, null, null, null, Money.Plain(s.RefundsOutstandingFen)];
    }
}
