using Marketplace.Core.Payments;
using Marketplace.Web.Api;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Payments;

/// <summary>
/// 单位月度对账单 as JSON and as xlsx or CSV. The readers are those of the unit's statistics: operators any unit, a
/// unit's admins and finance their unit and the units below it (<see cref="StatisticsScopes"/>).
/// </summary>
public static class UnitStatementsApi
{
    public static IEndpointRouteBuilder MapUnitStatementsApi(this IEndpointRouteBuilder endpoints)
    {
        var statements = endpoints.MapGroup(ApiRoutes.Prefix + "/units/{unitId:guid}/statements").WithTags("Payments")
            .RequireAuthorization(StatisticsReaderRequirement.Policy)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        statements.MapGet("/{month}", StatementAsync)
            .WithSummary("单位月度对账单（yyyy-MM，中国时间）：订单、付款、退款、期初与期末应付（单位管理员、财务与平台运营） / A unit's monthly statement (yyyy-MM, China time): orders, payments, refunds, opening and closing balance due");
        statements.MapGet("/{month}/export", ExportAsync)
            .WithSummary("导出对账单：format=xlsx 或 csv（UTF-8 带 BOM） / The statement as xlsx or CSV (UTF-8 with a byte-order mark)");
        return endpoints;
    }

    /// <summary>The month asked for, or the error to answer with.</summary>
    public static (StatementMonth? Month, Dictionary<string, string[]> Errors) MonthOf(string? month, IStringLocalizer<SharedResource> l) =>
        StatementMonth.Parse(month) is { } parsed ? (parsed, []) : (null, new() { ["month"] = [l["Statement.MonthInvalid"]] });

    private static async Task<Results<Ok<UnitStatement>, ValidationProblem, ProblemHttpResult>> StatementAsync(
        Guid unitId, string month, StatisticsScopes scopes, UnitStatements statements, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (statement, invalid, problem) = await BuildAsync(unitId, month, scopes, statements, l, context, cancellationToken);
        if (statement is null)
        {
            return invalid is not null ? invalid : problem!;
        }

        return TypedResults.Ok(statement);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid unitId, string month, string? format, StatisticsScopes scopes, UnitStatements statements, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        SheetFormat? which = (format ?? "xlsx").ToLowerInvariant() switch { "csv" => SheetFormat.Csv, "xlsx" => SheetFormat.Xlsx, _ => null };
        if (which is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [l["Import.Format"]] });
        }

        var (statement, invalid, problem) = await BuildAsync(unitId, month, scopes, statements, l, context, cancellationToken);
        if (statement is null)
        {
            return invalid is not null ? invalid : problem!;
        }

        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(UnitStatementSheet.Write(statement, which.Value, l),
            which == SheetFormat.Xlsx ? Sheet.XlsxContentType : "text/csv; charset=utf-8", UnitStatementSheet.FileName(statement, which.Value));
    }

    private static async Task<(UnitStatement? Statement, ValidationProblem? Invalid, ProblemHttpResult? Problem)> BuildAsync(
        Guid unitId, string month, StatisticsScopes scopes, UnitStatements statements, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (parsed, errors) = MonthOf(month, l);
        if (parsed is null)
        {
            return (null, TypedResults.ValidationProblem(errors), null);
        }

        var (scope, failure) = await scopes.ResolveAsync(context.User, unitId, cancellationToken);
        if (scope is null)
        {
            return (null, null, TypedResults.Problem(Problems.Create(context, failure == ScopeFailure.NotFound ? Problems.NotFound : Problems.Forbidden)));
        }

        var statement = await statements.BuildAsync(scope.UnitId, parsed.Value, cancellationToken);
        return statement is null ? (null, null, TypedResults.Problem(Problems.Create(context, Problems.NotFound))) : (statement, null, null);
    }
}
