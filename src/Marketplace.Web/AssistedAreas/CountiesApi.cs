using Marketplace.Core.AssistedAreas;
using Marketplace.Web.Api;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.AssistedAreas;

/// <summary>Assisted areas: the counties (anyone may read them) and, for operators, adding counties and recording which unit assists which.</summary>
public static class CountiesApi
{
    public const string Prefix = ApiRoutes.Prefix + "/counties";

    public static IServiceCollection AddMarketplaceAssistedAreas(this IServiceCollection services)
    {
        services.AddScoped<ListCounties>();
        services.AddScoped<AddCounty>();
        services.AddScoped<AssignCounty>();
        services.AddScoped<EndCountyAssignment>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceCountiesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix, ListAsync)
            .AllowAnonymous()
            .WithTags("Assisted areas")
            .WithSummary("帮扶县列表 / The assisted counties, with the units that assist them");
        endpoints.MapPost(Prefix, AddAsync)
            .RequireAuthorization(MarketplacePolicies.Operator)
            .WithValidation<AddCountyRequest>()
            .WithTags("Assisted areas")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("新增帮扶县（平台运营） / Add a county (operators)");

        var operators = endpoints.MapGroup(Prefix).WithTags("Assisted areas").RequireAuthorization(MarketplacePolicies.Operator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        operators.MapPost("/{code}/assignments", AssignAsync)
            .WithValidation<AssignCountyRequest>()
            .WithSummary("记录成员单位帮扶该县（平台运营） / Record that a member unit assists the county (operators)");
        operators.MapPost("/{code}/assignments/{assignmentId:guid}/end", EndAsync)
            .WithValidation<EndCountyAssignmentRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("结束帮扶关系（平台运营） / End an assignment (operators)");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<CountyResponse>>> ListAsync(ListCounties handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(cancellationToken));

    private static async Task<Results<Created<CountyResponse>, ValidationProblem>> AddAsync(
        AddCountyRequest request, AddCounty handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await handler.HandleAsync(request, context, cancellationToken) is { } county
            ? TypedResults.Created($"{Prefix}/{county.Code}", county)
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [l["County.CodeInUse", request.Code!]] });

    private static async Task<Results<Created<CountyAssignmentResponse>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        string code, AssignCountyRequest request, AssignCounty handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (!County.IsWellFormedCode(code))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [l["County.CodeInvalid"]] });
        }

        var outcome = await handler.HandleAsync(code, request, context, cancellationToken);
        return outcome.Failure switch
        {
            AssignFailure.CountyNotFound => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [l["County.Unknown", code]] }),
            AssignFailure.UnitNotFound => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["unitId"] = [l["County.UnitUnknown"]] }),
            _ => TypedResults.Created($"{Prefix}/{code}", outcome.Assignment),
        };
    }

    private static async Task<Results<Ok<CountyAssignmentResponse>, ValidationProblem, ProblemHttpResult>> EndAsync(
        string code, Guid assignmentId, EndCountyAssignmentRequest request, EndCountyAssignment handler, HttpContext context, CancellationToken cancellationToken)
    {
        var (outcome, error) = await handler.HandleAsync(code, assignmentId, request, context, cancellationToken);
        if (error is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["validTo"] = [error] });
        }

        return outcome.Failure == AssignFailure.AssignmentNotFound
            ? TypedResults.Problem(Problems.Create(context, Problems.NotFound))
            : TypedResults.Ok(outcome.Assignment!);
    }
}
