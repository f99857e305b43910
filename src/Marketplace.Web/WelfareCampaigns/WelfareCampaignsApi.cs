using Marketplace.Core.Hosting;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Units;
using Marketplace.Web.Welfare;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.WelfareCampaigns;

/// <summary>福利自选: a unit's campaigns (its admins and finance publish, close early and remind) and each employee's choice.</summary>
public static class WelfareCampaignsApi
{
    public static IServiceCollection AddMarketplaceWelfareCampaignsWeb(this IServiceCollection services)
    {
        services.AddScoped<PublishWelfareCampaign>();
        services.AddScoped<WelfareCampaignViews>();
        services.AddScoped<ChooseWelfare>();
        services.AddScoped<CloseWelfareCampaign>();
        services.AddScoped<WelfareCampaignReminders>();
        services.AddPeriodicSweep<WelfareCampaignReminderSweep>(run: true);
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceWelfareCampaignsApi(this IEndpointRouteBuilder endpoints)
    {
        var unit = endpoints.MapGroup(UnitsApi.Prefix).WithTags("WelfareCampaigns")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        unit.MapGet("/welfare-campaigns", ListAsync).RequireAuthorization(WelfareManagerRequirement.ReadPolicy)
            .WithSummary("单位的福利自选活动及选择人数（单位管理员、财务与平台运营） / The unit's welfare campaigns with how many have chosen (unit admins, finance, operators)");
        unit.MapPost("/welfare-campaigns", PublishAsync).RequireAuthorization(WelfareManagerRequirement.ManagePolicy).WithValidation<PublishWelfareCampaignRequest>()
            .WithSummary("发布福利自选：商品清单、每人额度、截止时间、送货地点（单位管理员与财务） / Publish a campaign: selection, allowance, deadline, workplace (unit admins and finance)");
        unit.MapGet("/welfare-campaigns/{campaignId:guid}", GetAsync).RequireAuthorization(WelfareManagerRequirement.ReadPolicy)
            .WithSummary("福利自选活动（单位管理员、财务与平台运营） / A welfare campaign (unit admins, finance, operators)");
        unit.MapPost("/welfare-campaigns/{campaignId:guid}/close", CloseAsync).RequireAuthorization(WelfareManagerRequirement.ManagePolicy)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("提前截止并合并下单（单位管理员与财务） / Close early and place the consolidated order (unit admins and finance)");
        unit.MapPost("/welfare-campaigns/{campaignId:guid}/reminders", RemindAsync).RequireAuthorization(WelfareManagerRequirement.ManagePolicy)
            .WithSummary("提醒尚未选择的职工（单位管理员与财务） / E-mail everyone who has not chosen yet (unit admins and finance)");

        var mine = endpoints.MapGroup(ApiRoutes.Prefix + "/welfare").WithTags("WelfareCampaigns").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapGet("/campaigns", MineAsync)
            .WithSummary("本单位的福利自选及我的选择（本人） / My unit's welfare campaigns with my choice (the signed-in employee)");
        mine.MapGet("/campaigns/{campaignId:guid}", MyCampaignAsync)
            .WithSummary("一个福利自选及我的选择（本人） / One campaign with my choice (the signed-in employee)");
        mine.MapPut("/campaigns/{campaignId:guid}/choice", ChooseAsync).WithValidation<ChooseWelfareRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem()
            .WithSummary("选择或修改我的福利商品（截止前，额度内） / Choose or change my items (before the deadline, within the allowance)");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<WelfareCampaignResponse>>> ListAsync(Guid unitId, WelfareCampaignViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.ListAsync(unitId, cancellationToken));

    private static async Task<Results<Ok<WelfareCampaignResponse>, ProblemHttpResult>> GetAsync(
        Guid unitId, Guid campaignId, WelfareCampaignViews views, HttpContext context, CancellationToken cancellationToken) =>
        await views.FindAsync(unitId, campaignId, cancellationToken) is { } campaign ? TypedResults.Ok(campaign) : Problem(context, Problems.NotFound, null);

    private static async Task<Results<Created<WelfareCampaignResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        Guid unitId, PublishWelfareCampaignRequest request, PublishWelfareCampaign handler, WelfareCampaignViews views, IStringLocalizer<SharedResource> l,
        HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(unitId, request, context, cancellationToken);
        return outcome.Failure switch
        {
            PublishFailure.UnitNotFound => Problem(context, Problems.NotFound, null),
            PublishFailure.UnavailableSkus => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["skuIds"] = [.. outcome.Unavailable!.Select(id => l["WelfareCampaign.SkuUnavailable", id].Value)],
            }),
            PublishFailure.ProgrammeInvalid => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["programmeId"] = [l["WelfareCampaign.ProgrammeInvalid"].Value],
            }),
            _ => TypedResults.Created($"{ApiRoutes.Prefix}/units/{unitId}/welfare-campaigns/{outcome.Campaign!.Id}", (await views.FindAsync(unitId, outcome.Campaign.Id, cancellationToken))!),
        };
    }

    private static async Task<Results<Ok<CloseOutcome>, ProblemHttpResult>> CloseAsync(
        Guid unitId, Guid campaignId, CloseWelfareCampaign handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(unitId, campaignId, context, cancellationToken);
        return outcome.Failure switch
        {
            CloseFailure.None => TypedResults.Ok(outcome),
            CloseFailure.NotFound => Problem(context, Problems.NotFound, null),
            _ => Problem(context, Problems.Conflict, l["WelfareCampaign.AlreadyClosed"]),
        };
    }

    private static async Task<Results<Ok<RemindersSent>, ProblemHttpResult>> RemindAsync(
        Guid unitId, Guid campaignId, WelfareCampaignReminders reminders, HttpContext context, CancellationToken cancellationToken) =>
        await reminders.SendAsync(unitId, campaignId, context, cancellationToken) is { } sent ? TypedResults.Ok(sent) : Problem(context, Problems.NotFound, null);

    private static async Task<Ok<IReadOnlyList<MyWelfareCampaign>>> MineAsync(WelfareCampaignViews views, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(context.User.IsMemberOf(Core.Organizations.OrganizationKind.MemberUnit)
            ? await views.MineAsync(context.User.GetOrganizationId()!.Value, AuditActors.UserId(context.User)!.Value, cancellationToken)
            : []);

    private static async Task<Results<Ok<MyWelfareCampaign>, ProblemHttpResult>> MyCampaignAsync(
        Guid campaignId, WelfareCampaignViews views, HttpContext context, CancellationToken cancellationToken) =>
        context.User.IsMemberOf(Core.Organizations.OrganizationKind.MemberUnit)
        && await views.MineAsync(context.User.GetOrganizationId()!.Value, AuditActors.UserId(context.User)!.Value, campaignId, cancellationToken) is { } campaign
            ? TypedResults.Ok(campaign)
            : Problem(context, Problems.NotFound, null);

    private static async Task<Results<Ok<MyWelfareCampaign>, ProblemHttpResult>> ChooseAsync(
        Guid campaignId, ChooseWelfareRequest request, ChooseWelfare handler, WelfareCampaignViews views, IStringLocalizer<SharedResource> l,
        HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(campaignId, request, context, cancellationToken);
        return outcome.Failure switch
        {
            ChoiceFailure.None => TypedResults.Ok((await views.MineAsync(context.User.GetOrganizationId()!.Value, AuditActors.UserId(context.User)!.Value, campaignId, cancellationToken))!),
            ChoiceFailure.NotFound => Problem(context, Problems.NotFound, null),
            ChoiceFailure.Closed => Problem(context, Problems.Conflict, l["WelfareCampaign.ChoosingOver"]),
            ChoiceFailure.NotInSelection => Problem(context, Problems.ValidationFailed, l["WelfareCampaign.NotInSelection"]),
            _ => Problem(context, Problems.ValidationFailed, l["WelfareCampaign.OverAllowance", Money.Format(outcome.TotalFen)]),
        };
    }

    private static ProblemHttpResult Problem(HttpContext context, ProblemType type, string? detail) =>
        TypedResults.Problem(Problems.Create(context, type, detail: detail));
}
