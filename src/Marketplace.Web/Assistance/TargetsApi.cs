using Marketplace.Core.Assistance;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Api;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Assistance;

/// <summary>Unit annual targets (年度帮扶采购目标): operators see every unit; a unit (and the units above it) sees its own; operators and the parent's admins set them.</summary>
public static class TargetsApi
{
    public const string Targets = ApiRoutes.Prefix + "/targets";
    public const string Unit = ApiRoutes.Prefix + "/units/{unitId:guid}";

    public static IServiceCollection AddMarketplaceTargets(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(RouteUnitRequirement.Read, p => p.RequireAuthenticatedUser().AddRequirements(new RouteUnitRequirement(ParentAdminOnly: false)))
            .AddPolicy(RouteUnitRequirement.SetTarget, p => p.RequireAuthenticatedUser().AddRequirements(new RouteUnitRequirement(ParentAdminOnly: true)));
        services.AddScoped<IAuthorizationHandler, RouteUnitHandler>();
        services.AddScoped<SetUnitTarget>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceTargetsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Targets, AllAsync).RequireAuthorization(MarketplacePolicies.Operator).WithTags("Assistance")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem()
            .WithSummary("各单位年度目标与完成情况（平台运营） / Every member unit against its target for a year (operators)");

        var unit = endpoints.MapGroup(Unit).WithTags("Assistance")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        unit.MapGet("/target", UnitAsync).RequireAuthorization(RouteUnitRequirement.Read).ProducesValidationProblem()
            .WithSummary("单位年度目标进度（本单位及上级单位成员、平台运营） / A unit's progress against its target (its members, the units above it, operators)");
        unit.MapPut("/target/{year:int}", SetAsync).RequireAuthorization(RouteUnitRequirement.SetTarget).WithValidation<SetUnitTargetRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("设定单位年度目标及计入规则（平台运营、上级单位管理员） / Set a unit's target and what counts toward it (operators, the parent unit's admins)");
        return endpoints;
    }

    /// <summary>The China-time year asked for, this year when none; null when out of range.</summary>
    public static int? YearOf(int? year, TimeProvider clock) =>
        (year ?? ChinaCalendar.Today(clock).Year) is var y and >= SetUnitTargetRequest.MinYear and <= SetUnitTargetRequest.MaxYear ? y : null;

    public static ValidationProblem BadYear(IStringLocalizer<SharedResource> l) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = [l["Target.YearRange", SetUnitTargetRequest.MinYear, SetUnitTargetRequest.MaxYear]] });

    private static async Task<Results<Ok<IReadOnlyList<TargetProgress>>, ValidationProblem>> AllAsync(
        int? year, TargetQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken) =>
        YearOf(year, clock) is { } y ? TypedResults.Ok(await queries.AllAsync(y, cancellationToken)) : BadYear(l);

    private static async Task<Results<Ok<TargetProgress>, ValidationProblem, ProblemHttpResult>> UnitAsync(
        Guid unitId, int? year, TargetQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (YearOf(year, clock) is not { } y)
        {
            return BadYear(l);
        }

        return await queries.UnitAsync(y, unitId, cancellationToken) is { } progress
            ? TypedResults.Ok(progress)
            : TypedResults.Problem(Problems.Create(context, Problems.NotFound));
    }

    private static async Task<Results<Ok<TargetProgress>, ValidationProblem, ProblemHttpResult>> SetAsync(
        Guid unitId, int year, SetUnitTargetRequest request, SetUnitTarget handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (year is < SetUnitTargetRequest.MinYear or > SetUnitTargetRequest.MaxYear)
        {
            return BadYear(l);
        }

        var (progress, failure) = await handler.HandleAsync(unitId, year, request, context, cancellationToken);
        return failure switch
        {
            SetTargetFailure.None => TypedResults.Ok(progress!),
            SetTargetFailure.UnitNotFound => TypedResults.Problem(Problems.Create(context, Problems.NotFound)),
            _ => TypedResults.Problem(Problems.Create(context, Problems.Conflict, detail: l["Target.Conflict"])),
        };
    }
}
