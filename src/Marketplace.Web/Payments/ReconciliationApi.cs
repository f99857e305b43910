using Marketplace.Core.Payments;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Api;
using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Payments;

/// <summary>The operators' payment reconciliation: JSON and CSV of the same report.</summary>
public static class ReconciliationApi
{
    public const string Path = ApiRoutes.Prefix + "/operator/payments/reconciliation";

    private static readonly SheetColumn[] Columns =
    [
        new("number", "订单号", "Order"),
        new("status", "订单状态", "Order status"),
        new("total", "订单金额", "Order total"),
        new("paid", "订单已付", "Order paid"),
        new("refunded", "订单已退", "Order refunded"),
        new("method", "支付方式", "Method"),
        new("partStatus", "支付状态", "Payment status"),
        new("amount", "支付金额", "Amount"),
        new("partRefunded", "已退金额", "Refunded"),
        new("reference", "外部单号", "Reference"),
        new("mismatches", "差异", "Mismatches"),
    ];

    public static IEndpointRouteBuilder MapPaymentReconciliationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, ReportAsync).WithTags("Payments").RequireAuthorization(MarketplacePolicies.Operator)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("支付对账：按支付方式列出每笔支付与订单核对，标出差异（平台运营） / Payment reconciliation: every payment by method against its order, mismatches flagged (operators)");
        endpoints.MapGet(Path + ".csv", CsvAsync).WithTags("Payments").RequireAuthorization(MarketplacePolicies.Operator)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("支付对账 CSV（平台运营） / Payment reconciliation as CSV (operators)");
        return endpoints;
    }

    /// <summary>The period asked for, this China month when none is; errors are keyed by the field.</summary>
    public static (DateOnly From, DateOnly To, Dictionary<string, string[]> Errors) Period(DateOnly? from, DateOnly? to, TimeProvider clock, IStringLocalizer<SharedResource> l)
    {
        var today = ChinaCalendar.Today(clock);
        var start = from ?? new DateOnly(today.Year, today.Month, 1);
        var end = to ?? start.AddMonths(1).AddDays(-1);
        var errors = new Dictionary<string, string[]>();
        if (end < start || end.DayNumber - start.DayNumber >= PaymentReconciliation.MaxDays)
        {
            errors["to"] = [l["Reconciliation.Period", PaymentReconciliation.MaxDays]];
        }

        return (start, end, errors);
    }

    private static async Task<Results<Ok<ReconciliationReport>, ValidationProblem>> ReportAsync(
        DateOnly? from, DateOnly? to, PaymentReconciliation reconciliation, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken)
    {
        var period = Period(from, to, clock, l);
        return period.Errors.Count > 0
            ? TypedResults.ValidationProblem(period.Errors)
            : TypedResults.Ok(await reconciliation.ReportAsync(period.From, period.To, cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> CsvAsync(
        DateOnly? from, DateOnly? to, PaymentReconciliation reconciliation, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken)
    {
        var period = Period(from, to, clock, l);
        if (period.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(period.Errors);
        }

        var report = await reconciliation.ReportAsync(period.From, period.To, cancellationToken);
        var rows = report.Orders.SelectMany(o => o.Parts.Select(p => new object?[]
        {
            o.Number, o.Status, Money.Plain(o.TotalFen), Money.Plain(o.PaidFen), Money.Plain(o.RefundedFen),
            p.Method, p.Status, Money.Plain(p.AmountFen), Money.Plain(p.RefundedFen), p.ExternalReference, string.Join(' ', o.Mismatches),
        }));
        return TypedResults.File(SheetCsv.Write(Columns, rows, english: !ListingSheet.InChinese), "text/csv; charset=utf-8", $"payments-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}.csv");
    }
}
