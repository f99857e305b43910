using Marketplace.Core.Assistance;
using Marketplace.Web.Api;
using Marketplace.Web.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Marketplace.Web.Localization;

namespace Marketplace.Web.Statistics;

public sealed record ScopeResponse(Guid UnitId, string Name, bool IsGroup);

public sealed record FigureResponse(int Year, ScopeResponse Scope, AssistanceDimension Dimension, long TotalFen, IReadOnlyList<FigureRow> Rows);

public sealed record UnitsResponse(int Year, ScopeResponse Scope, IReadOnlyList<UnitTotal> Units);

public sealed record LeaderboardResponse(int Year, ScopeResponse Scope, IReadOnlyList<LeaderboardRow> Units);

public sealed record BeneficiariesResponse(int Year, ScopeResponse Scope, IReadOnlyList<CountyBeneficiaries> Counties, Beneficiaries Total);

public sealed record EntriesResponse(int Year, ScopeResponse Scope, AssistanceDimension? Dimension, string? Value, LedgerPage Page);

/// <summary>The annual report: its figures (fen and 万元), and its sentences in Chinese and English.</summary>
public sealed record ReportResponse(
    int Year, ScopeResponse Scope, int DesignatedCounties, IReadOnlyList<ReportFigure> Figures, Beneficiaries Beneficiaries,
    IReadOnlyList<string> Chinese, IReadOnlyList<string> English, string Rounding);

/// <summary>
/// Assistance statistics for a year and a scope: one endpoint per figure, the ledger entries behind any figure value,
/// the annual report and its exports. Operators read the group or any unit; a unit's admins and finance their unit
/// and the units below it.
/// </summary>
public static class StatisticsApi
{
    public const string Prefix = ApiRoutes.Prefix + "/statistics";
    public const string Rounding = "万元 = fen ÷ 1,000,000, rounded half away from zero to 0.01 (¥100), trailing zeros dropped";

    public static IServiceCollection AddMarketplaceStatistics(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(StatisticsReaderRequirement.Policy, p => p
            .RequireAuthenticatedUser().AddRequirements(new StatisticsReaderRequirement()));
        services.AddSingleton<IAuthorizationHandler, StatisticsReaderHandler>();
        services.AddScoped<StatisticsScopes>();
        services.AddScoped<StatisticsReports>();
        services.AddScoped<StatisticsSheets>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceStatisticsApi(this IEndpointRouteBuilder endpoints)
    {
        var statistics = endpoints.MapGroup(Prefix).WithTags("Statistics").RequireAuthorization(StatisticsReaderRequirement.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        statistics.MapGet("/totals/{dimension}", TotalsAsync).WithValidation<StatisticsQuery>()
            .WithSummary("按维度的年度合计：county、region、assistance-type、channel、measure、funding-source、supplier、category、month、campaign / A year's totals by one dimension");
        statistics.MapGet("/units", UnitsAsync).WithValidation<StatisticsQuery>()
            .WithSummary("范围内各单位的年度合计（含下级，按当时的单位树） / The scope's units with their own and rolled-up totals");
        statistics.MapGet("/leaderboard", LeaderboardAsync).WithValidation<StatisticsQuery>()
            .WithSummary("下级单位排行 / The units directly below the scope, ranked");
        statistics.MapGet("/beneficiaries", BeneficiariesAsync).WithValidation<StatisticsQuery>()
            .WithSummary("受益户与人数（每个供应商只计一次） / Beneficiaries per county and in total, each supplier counted once");
        statistics.MapGet("/entries", EntriesAsync).WithValidation<EntriesQuery>()
            .WithSummary("某项数字背后的台账明细（分页） / The ledger entries behind a figure value, a page at a time");
        statistics.MapGet("/report", ReportAsync).WithValidation<StatisticsQuery>()
            .WithSummary("年度报告（中文与英文） / The annual report in Chinese and English");
        statistics.MapGet("/export.xlsx", XlsxAsync).WithValidation<StatisticsQuery>()
            .WithSummary("导出 xlsx：报告、每项数字一页、台账明细 / The report, one sheet per figure and the ledger entries");
        statistics.MapGet("/export.csv", CsvAsync).WithValidation<CsvQuery>()
            .WithSummary("导出 CSV：一页（sheet） / One sheet of the export as CSV");
        return endpoints;
    }

    private static async Task<Results<Ok<FigureResponse>, ProblemHttpResult>> TotalsAsync(
        string dimension, [AsParameters] StatisticsQuery query, StatisticsScopes scopes, AssistanceStatistics statistics, TimeProvider clock,
        IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (StatisticsQuery.DimensionOf(dimension) is not { } parsed)
        {
            return TypedResults.Problem(Problems.Create(context, Problems.BadRequest,
                detail: l["Statistics.DimensionInvalid", string.Join(", ", Enum.GetNames<AssistanceDimension>())]));
        }

        return await WithScopeAsync(query, scopes, context, cancellationToken, async scope =>
        {
            var year = query.YearOr(clock);
            var figure = await statistics.FigureAsync(year, scope.Scope, parsed, cancellationToken);
            return new FigureResponse(year, Scope(scope), parsed, figure.TotalFen, figure.Rows);
        });
    }

    private static Task<Results<Ok<UnitsResponse>, ProblemHttpResult>> UnitsAsync(
        [AsParameters] StatisticsQuery query, StatisticsScopes scopes, AssistanceStatistics statistics, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
        WithScopeAsync(query, scopes, context, cancellationToken, async scope =>
        {
            var year = query.YearOr(clock);
            return new UnitsResponse(year, Scope(scope), await statistics.UnitsAsync(year, scope.UnitId, cancellationToken));
        });

    private static Task<Results<Ok<LeaderboardResponse>, ProblemHttpResult>> LeaderboardAsync(
        [AsParameters] StatisticsQuery query, StatisticsScopes scopes, AssistanceStatistics statistics, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
        WithScopeAsync(query, scopes, context, cancellationToken, async scope =>
        {
            var year = query.YearOr(clock);
            return new LeaderboardResponse(year, Scope(scope), await statistics.LeaderboardAsync(year, scope.UnitId, 100, cancellationToken));
        });

    private static Task<Results<Ok<BeneficiariesResponse>, ProblemHttpResult>> BeneficiariesAsync(
        [AsParameters] StatisticsQuery query, StatisticsScopes scopes, AssistanceStatistics statistics, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
        WithScopeAsync(query, scopes, context, cancellationToken, async scope =>
        {
            var year = query.YearOr(clock);
            var report = await statistics.BeneficiariesAsync(year, scope.Scope, cancellationToken);
            return new BeneficiariesResponse(year, Scope(scope), report.Counties, report.Group);
        });

    private static Task<Results<Ok<EntriesResponse>, ProblemHttpResult>> EntriesAsync(
        [AsParameters] EntriesQuery query, StatisticsScopes scopes, AssistanceStatistics statistics, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
        WithScopeAsync(query, scopes, context, cancellationToken, async scope =>
        {
            var year = query.YearOr(clock);
            var filter = query.Filter(year, scope.Scope);
            var page = await statistics.EntriesAsync(filter, query.PageNumber, query.Size, cancellationToken);
            return new EntriesResponse(year, Scope(scope), filter.Dimension, filter.Value, page);
        });

    private static Task<Results<Ok<ReportResponse>, ProblemHttpResult>> ReportAsync(
        [AsParameters] StatisticsQuery query, StatisticsScopes scopes, StatisticsReports reports, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
        WithScopeAsync(query, scopes, context, cancellationToken, async scope =>
        {
            var report = await reports.BuildAsync(query.YearOr(clock), scope, cancellationToken);
            return new ReportResponse(report.Year, Scope(scope), report.DesignatedCounties, [.. report.Figures], report.Beneficiaries, report.Chinese(), report.English(), Rounding);
        });

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> XlsxAsync(
        [AsParameters] StatisticsQuery query, StatisticsScopes scopes, StatisticsSheets sheets, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var (scope, failure) = await scopes.ResolveAsync(context.User, query.Unit, cancellationToken);
        if (scope is null)
        {
            return Failed(context, failure);
        }

        var year = query.YearOr(clock);
        return TypedResults.File(await sheets.XlsxAsync(year, scope, cancellationToken),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"assistance-{year}.xlsx");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(
        [AsParameters] CsvQuery query, StatisticsScopes scopes, StatisticsSheets sheets, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var (scope, failure) = await scopes.ResolveAsync(context.User, query.Unit, cancellationToken);
        if (scope is null)
        {
            return Failed(context, failure);
        }

        var year = query.YearOr(clock);
        var sheet = string.IsNullOrWhiteSpace(query.Sheet) ? StatisticsSheets.EntriesSheet : query.Sheet.Trim();
        var entries = new EntriesQuery(query.Year, query.UnitId, query.Dimension, query.Value).Filter(year, scope.Scope);
        return TypedResults.File(await sheets.CsvAsync(sheet, year, scope, entries, cancellationToken), "text/csv; charset=utf-8", $"assistance-{year}-{sheet.ToLowerInvariant()}.csv");
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> WithScopeAsync<T>(
        StatisticsQuery query, StatisticsScopes scopes, HttpContext context, CancellationToken cancellationToken, Func<ResolvedScope, Task<T>> answer)
    {
        var (scope, failure) = await scopes.ResolveAsync(context.User, query.Unit, cancellationToken);
        return scope is null ? Failed(context, failure) : TypedResults.Ok(await answer(scope));
    }

    private static ProblemHttpResult Failed(HttpContext context, ScopeFailure failure) =>
        TypedResults.Problem(Problems.Create(context, failure == ScopeFailure.NotFound ? Problems.NotFound : Problems.Forbidden));

    private static ScopeResponse Scope(ResolvedScope scope) => new(scope.UnitId, scope.Name, scope.Scope.IsGroup);
}
