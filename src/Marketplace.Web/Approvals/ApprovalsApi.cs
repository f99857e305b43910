using System.Security.Claims;
using Marketplace.Core.Approvals;
using Marketplace.Core.Organizations;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Approvals;

/// <summary>Unit order approval: a unit admin sets the rules; approvers see their inbox, review, approve, reject or change quantities.</summary>
public static class ApprovalsApi
{
    public const string Approvals = ApiRoutes.Prefix + "/approvals";

    /// <summary>A member of a unit holding one of the roles a level may name (<see cref="ApprovalLevel.ApproverRoles"/>).</summary>
    public const string ApproverPolicy = "UnitApproverAnyLevel";

    public static readonly ProblemType OwnOrder = new("approval-own-order", 403, "不能审批自己提交的订单 / You cannot decide on an order you submitted");
    public static readonly ProblemType NotYourLevel = new("approval-not-your-level", 403, "当前审批级别不由您审批 / The current approval level is not yours");
    public static readonly ProblemType LinesRefused = new("approval-lines-refused", 422, "部分商品无法按新数量订购 / Some lines cannot be ordered at the new quantities");
    public static readonly ProblemType CallOffFixed = new("call-off-quantities-fixed", 409, "协议订单的数量与价格按协议锁定 / A call-off's quantities and prices are the agreement's");

    public static IServiceCollection AddMarketplaceApprovals(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(ApproverPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsApprover(c.User)));
        services.AddScoped<UnitApprovalRules>();
        services.AddScoped<OrderApprovals>();
        services.AddScoped<ApprovalViews>();
        return services;
    }

    public static bool IsApprover(ClaimsPrincipal user) =>
        user.IsMemberOf(OrganizationKind.MemberUnit) && ApprovalLevel.ApproverRoles.Any(user.HasOrganizationRole);

    /// <summary>The caller as an approver of their own unit.</summary>
    public static Approver ApproverOf(HttpContext context) =>
        new(AuditActors.UserId(context.User)!.Value, context.User.GetOrganizationId()!.Value, context.User.GetOrganizationRoles(), AuditActors.Of(context));

    public static IEndpointRouteBuilder MapMarketplaceApprovalsApi(this IEndpointRouteBuilder endpoints)
    {
        var rules = endpoints.MapGroup(UnitsApi.Prefix).WithTags("Approvals").RequireAuthorization(UnitAdminOfRouteUnitRequirement.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapGet("/approval-rules", RulesAsync)
            .WithSummary("单位的订单审批规则（单位管理员与平台运营） / The unit's approval rules: levels with thresholds and approver roles (unit admins, operators)");
        rules.MapPut("/approval-rules", SetRulesAsync).WithValidation<SetApprovalRulesRequest>()
            .WithSummary("设置审批规则，替换全部级别（单位管理员与平台运营） / Replace the unit's approval levels; none means no approval (unit admins, operators)");

        var approvals = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Approvals").RequireAuthorization(ApproverPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        approvals.MapGet("/approvals", InboxAsync)
            .WithSummary("审批待办：轮到我审批的本单位订单（审批角色） / Orders of my unit waiting for my level (approver roles)");
        approvals.MapGet("/approvals/{orderId:guid}", ReviewAsync)
            .WithSummary("审批单详情（本单位审批角色） / An order under approval, its levels and decisions (approver roles of its unit)");
        approvals.MapPost("/approvals/{orderId:guid}/approve", ApproveAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("审批通过本级；最后一级通过后待支付（当前级别的审批人，非提交人） / Approve the current level; after the last, the order awaits payment");
        approvals.MapPost("/approvals/{orderId:guid}/reject", RejectAsync).WithValidation<RejectApprovalRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("驳回并说明原因：订单取消，释放库存（当前级别的审批人，非提交人） / Reject with a reason: the order is cancelled and its stock released");
        approvals.MapPost("/approvals/{orderId:guid}/change", ChangeAsync).WithValidation<ChangeApprovalRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("修改数量：按目录重新定价并校验库存（当前级别的审批人，非提交人） / Change quantities: re-priced from the catalog, stock adjusted");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<ApprovalLevel>>> RulesAsync(Guid unitId, UnitApprovalRules rules, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rules.ListAsync(unitId, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<ApprovalLevel>>, ValidationProblem, ProblemHttpResult>> SetRulesAsync(
        Guid unitId, SetApprovalRulesRequest request, UnitApprovalRules rules, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var levels = request.Levels!.Select(x => new ApprovalLevelDraft(x.ThresholdFen!.Value, x.ApproverRole!.Value)).ToList();
        var problem = await rules.SetAsync(unitId, levels, AuditActors.Of(context), cancellationToken);
        return problem switch
        {
            ApprovalRulesProblem.None => TypedResults.Ok(await rules.ListAsync(unitId, cancellationToken)),
            ApprovalRulesProblem.UnitNotFound => TypedResults.Problem(Problems.Create(context, Problems.NotFound)),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["levels"] = [l["Approval." + problem]] }),
        };
    }

    private static async Task<Ok<IReadOnlyList<ApprovalInboxItem>>> InboxAsync(ApprovalViews views, HttpContext context, CancellationToken cancellationToken)
    {
        var approver = ApproverOf(context);
        return TypedResults.Ok(await views.InboxAsync(approver.UserId, approver.UnitId, approver.Roles, cancellationToken));
    }

    private static async Task<Results<Ok<ApprovalReview>, ProblemHttpResult>> ReviewAsync(Guid orderId, ApprovalViews views, HttpContext context, CancellationToken cancellationToken)
    {
        var approver = ApproverOf(context);
        return await views.ReviewAsync(orderId, approver.UserId, approver.UnitId, approver.Roles, cancellationToken) is { } review
            ? TypedResults.Ok(review)
            : TypedResults.Problem(Problems.Create(context, Problems.NotFound));
    }

    private static async Task<Results<Ok<ApprovalReview>, ProblemHttpResult>> ApproveAsync(
        Guid orderId, OrderApprovals approvals, ApprovalViews views, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await AnswerAsync(await approvals.ApproveAsync(orderId, ApproverOf(context), cancellationToken), orderId, views, l, context, cancellationToken);

    private static async Task<Results<Ok<ApprovalReview>, ProblemHttpResult>> RejectAsync(
        Guid orderId, RejectApprovalRequest request, OrderApprovals approvals, ApprovalViews views, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await AnswerAsync(await approvals.RejectAsync(orderId, ApproverOf(context), request.Reason!.Trim(), cancellationToken), orderId, views, l, context, cancellationToken);

    private static async Task<Results<Ok<ApprovalReview>, ProblemHttpResult>> ChangeAsync(
        Guid orderId, ChangeApprovalRequest request, OrderApprovals approvals, ApprovalViews views, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await AnswerAsync(
            await approvals.ChangeAsync(orderId, ApproverOf(context), request.Lines!.ToDictionary(x => x.LineId!.Value, x => x.Quantity!.Value), cancellationToken),
            orderId, views, l, context, cancellationToken);

    private static async Task<Results<Ok<ApprovalReview>, ProblemHttpResult>> AnswerAsync(
        ApprovalOutcome outcome, Guid orderId, ApprovalViews views, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (outcome.Failure == ApprovalFailure.None)
        {
            var approver = ApproverOf(context);
            return TypedResults.Ok((await views.ReviewAsync(orderId, approver.UserId, approver.UnitId, approver.Roles, cancellationToken))!);
        }

        var problem = Problem(outcome, l, context);
        if (outcome.Lines is { } lines)
        {
            problem.Extensions["lines"] = lines.ToDictionary(x => x.Key.ToString(), x => x.Value.ToString());
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>The problem for a refused decision; the page shows its detail.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Problem(ApprovalOutcome outcome, IStringLocalizer<SharedResource> l, HttpContext context) => outcome.Failure switch
    {
        ApprovalFailure.NotFound => Problems.Create(context, Problems.NotFound),
        ApprovalFailure.Refused when outcome.Refusal == ApprovalRefusal.OwnOrder => Problems.Create(context, OwnOrder, detail: l["Approval.OwnOrder"]),
        ApprovalFailure.Refused => Problems.Create(context, NotYourLevel, detail: l["Approval.Refusal." + outcome.Refusal]),
        ApprovalFailure.Conflict => Problems.Create(context, Problems.Conflict, detail: l["Order.ChangedMeanwhile"]),
        ApprovalFailure.OutOfRange => Problems.Create(context, Problems.ValidationFailed, detail: l["Approval.UnknownLine"]),
        ApprovalFailure.LinesRefused => Problems.Create(context, LinesRefused, detail: l["Approval.LinesRefused"]),
        ApprovalFailure.CallOffFixed => Problems.Create(context, CallOffFixed, detail: l["Approval.CallOffFixed"]),
        _ => Problems.Create(context, Problems.Conflict, detail: l["Approval.NotWaiting"]),
    };
}
