using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Welfare;

/// <summary>Welfare allowances: a unit's programmes and grants (its admins and finance), and each employee's own wallets.</summary>
public static class WelfareApi
{
        public const string Mine = ApiRoutes.Prefix + "/welfare";

    public static IServiceCollection AddMarketplaceWelfareWeb(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(WelfareManagerRequirement.ManagePolicy, p => p.RequireAuthenticatedUser().AddRequirements(new WelfareManagerRequirement(OperatorsRead: false)))
            .AddPolicy(WelfareManagerRequirement.ReadPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new WelfareManagerRequirement(OperatorsRead: true)));
        services.AddSingleton<IAuthorizationHandler, WelfareManagerHandler>();
        services.AddScoped<WelfareReports>();
        services.AddScoped<CreateWelfareProgramme>();
        services.AddScoped<GrantWelfare>();
        services.AddScoped<MyWelfare>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceWelfareApi(this IEndpointRouteBuilder endpoints)
    {
        var unit = endpoints.MapGroup(UnitsApi.Prefix).WithTags("Welfare")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        unit.MapGet("/welfare-programmes", ListAsync).RequireAuthorization(WelfareManagerRequirement.ReadPolicy)
            .WithSummary("单位的福利项目及发放、使用、退回、过期合计（单位管理员、财务与平台运营） / The unit's welfare programmes with totals (unit admins, finance, operators)");
        unit.MapPost("/welfare-programmes", CreateAsync).RequireAuthorization(WelfareManagerRequirement.ManagePolicy).WithValidation<CreateWelfareProgrammeRequest>()
            .WithSummary("创建福利项目（单位管理员与财务） / Create a welfare programme (unit admins and finance)");
        unit.MapGet("/welfare-programmes/{programmeId:guid}", GetAsync).RequireAuthorization(WelfareManagerRequirement.ReadPolicy)
            .WithSummary("福利项目及其合计（单位管理员、财务与平台运营） / A welfare programme with its totals (unit admins, finance, operators)");
        unit.MapPost("/welfare-programmes/{programmeId:guid}/grants", GrantAsync).RequireAuthorization(WelfareManagerRequirement.ManagePolicy).WithValidation<GrantWelfareRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("发放福利额度给全体职工或按工号名单，每人只发一次（单位管理员与财务） / Grant to all employees or by employee number, once each (unit admins and finance)");

        var mine = endpoints.MapGroup(Mine).WithTags("Welfare").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        mine.MapGet("/wallet", WalletAsync)
            .WithSummary("我的福利：各项目余额、有效期、可购范围与最近明细（本人） / My welfare wallets: balances, validity, what they buy, recent entries (the signed-in user)");
        mine.MapGet("/wallets/{walletId:guid}/ledger", LedgerAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("福利额度明细（本人） / The full ledger of one of my wallets (the signed-in user)");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<WelfareProgrammeResponse>>, ProblemHttpResult>> ListAsync(
        Guid unitId, WelfareReports reports, HttpContext context, CancellationToken cancellationToken) =>
        await reports.ListAsync(unitId, cancellationToken) is { } list ? TypedResults.Ok(list) : Problem(context, Problems.NotFound, null);

    private static async Task<Results<Ok<WelfareProgrammeResponse>, ProblemHttpResult>> GetAsync(
        Guid unitId, Guid programmeId, WelfareReports reports, HttpContext context, CancellationToken cancellationToken) =>
        await reports.ProgrammeAsync(unitId, programmeId, cancellationToken) is { } programme ? TypedResults.Ok(programme) : Problem(context, Problems.NotFound, null);

    private static async Task<Results<Created<WelfareProgrammeResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid unitId, CreateWelfareProgrammeRequest request, CreateWelfareProgramme handler, IStringLocalizer<SharedResource> l, HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(unitId, request, context, cancellationToken);
        return outcome.Failure switch
        {
            CreateProgrammeFailure.UnitNotFound => Problem(context, Problems.NotFound, null),
            CreateProgrammeFailure.UnknownCounties => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["countyCodes"] = [.. outcome.UnknownCounties.Select(c => l["Welfare.UnknownCounty", c].Value)],
            }),
            _ => TypedResults.Created($"{ApiRoutes.Prefix}/units/{unitId}/welfare-programmes/{outcome.Programme!.Id}", outcome.Programme),
        };
    }

    private static async Task<Results<Ok<GrantWelfareResponse>, ValidationProblem, ProblemHttpResult>> GrantAsync(
        Guid unitId, Guid programmeId, GrantWelfareRequest request, GrantWelfare handler, IStringLocalizer<SharedResource> l, HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(unitId, programmeId, request, context, cancellationToken);
        return outcome.Failure switch
        {
            GrantFailure.None => TypedResults.Ok(outcome.Result!),
            GrantFailure.NotFound => Problem(context, Problems.NotFound, null),
            GrantFailure.Expired => Problem(context, Problems.Conflict, l["Welfare.ExpiredNoGrant"]),
            GrantFailure.Concurrent => Problem(context, Problems.Conflict, l["Welfare.GrantRace"]),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["employeeNumbers"] = [l["Welfare.UnknownNumbers", string.Join(", ", outcome.UnknownNumbers)]],
            }),
        };
    }

    private static async Task<Ok<MyWelfareResponse>> WalletAsync(MyWelfare welfare, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await welfare.WalletsAsync(AuditActors.UserId(context.User)!.Value, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<WelfareEntryResponse>>, ProblemHttpResult>> LedgerAsync(
        Guid walletId, MyWelfare welfare, HttpContext context, CancellationToken cancellationToken) =>
        await welfare.LedgerAsync(AuditActors.UserId(context.User)!.Value, walletId, cancellationToken) is { } ledger
            ? TypedResults.Ok(ledger)
            : Problem(context, Problems.NotFound, null);

    private static ProblemHttpResult Problem(HttpContext context, ProblemType type, string? detail) =>
        TypedResults.Problem(Problems.Create(context, type, detail: detail));
}
