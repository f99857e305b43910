using Marketplace.Core.Ordering;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Suppliers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

using static Marketplace.Web.Ordering.OrderChangeAnswers;

namespace Marketplace.Web.Ordering;

public static class AfterSalesApi
{
    private const string NotAllowed = "AfterSales.NotAllowed";

    public static IEndpointRouteBuilder MapMarketplaceAfterSalesApi(this IEndpointRouteBuilder endpoints)
    {
        var buyer = endpoints.MapGroup(OrderingApi.Orders + "/{orderId:guid}/after-sales").WithTags("After-sales").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        var api = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("After-sales").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/orders/{orderId:guid}/after-sales", OpenAsync).WithValidation<OpenAfterSalesRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("申请售后：仅退款或退货退款（下单人） / Ask for a refund or a return on a line (its buyer)");
        api.MapGet("/orders/{orderId:guid}/after-sales", ListAsync)
            .WithSummary("订单的售后申请（下单人与平台运营） / An order's after-sales requests (its buyer and operators)");
        buyer.MapPost("/{requestId:guid}/photos", AddPhotoAsync).DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("上传售后照片：JPEG 或 PNG，5 MB 以内，最多 3 张（下单人） / Attach a photo: JPEG or PNG up to 5 MB, at most 3 (its buyer)");
        buyer.MapGet("/{requestId:guid}/photos/{photoId:guid}", PhotoAsync)
            .WithSummary("售后照片（下单人、该供应商与平台运营） / A photo (its buyer, the supplier and operators)");
        buyer.MapPost("/{requestId:guid}/escalate", EscalateAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("供应商拒绝后申请平台介入（下单人） / Ask the operator to decide after the supplier declined (its buyer)");

        var supplier = endpoints.MapGroup(SuppliersApi.Supplier).WithTags("After-sales")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        supplier.MapGet("/after-sales", SupplierListAsync).RequireAuthorization(RouteSupplierRequirement.MemberOrOperatorPolicy)
            .WithSummary("供应商的售后申请（本供应商与平台运营） / The supplier's after-sales requests (its members and operators)");
        supplier.MapPost("/after-sales/{requestId:guid}/agree", AgreeAsync).RequireAuthorization(OrderingApi.SupplierStaffPolicy)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("同意售后并退款（本供应商人员） / Agree and refund (the supplier's members)");
        supplier.MapPost("/after-sales/{requestId:guid}/decline", DeclineAsync).RequireAuthorization(OrderingApi.SupplierStaffPolicy)
            .WithValidation<AfterSalesDecisionRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("拒绝售后并说明理由（本供应商人员） / Decline with a reason (the supplier's members)");

        var operators = endpoints.MapGroup(ApiRoutes.Prefix + "/operator").WithTags("After-sales").RequireAuthorization(MarketplacePolicies.Operator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        operators.MapGet("/after-sales", OperatorListAsync)
            .WithSummary("售后申请，可按状态筛选（平台运营） / After-sales requests by status (operators)");
        operators.MapPost("/after-sales/{requestId:guid}/decide", DecideAsync).WithValidation<OperatorAfterSalesDecision>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("平台介入裁决售后（平台运营） / Decide an after-sales request (operators)");
        return endpoints;
    }

    private static async Task<Results<Created<AfterSalesView>, ProblemHttpResult>> OpenAsync(
        Guid orderId, OpenAfterSalesRequest request, AfterSales handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (view, outcome) = await handler.OpenAsync(orderId, UserId(context), request, [], cancellationToken);
        return view is not null
            ? TypedResults.Created($"{OrderingApi.Orders}/{orderId}/after-sales/{view.Id}", view)
            : Failure(outcome, l, context, NotAllowed);
    }

    private static async Task<Results<Ok<IReadOnlyList<AfterSalesView>>, ProblemHttpResult>> ListAsync(
        Guid orderId, AfterSales handler, OrderViews orders, HttpContext context, CancellationToken cancellationToken) =>
        context.User.IsOperator() || await orders.IsBuyerAsync(orderId, UserId(context), cancellationToken)
            ? TypedResults.Ok(await handler.ForOrderAsync(orderId, cancellationToken))
            : Problem(context, Problems.NotFound, null);

    private static async Task<Results<NoContent, ProblemHttpResult>> AddPhotoAsync(
        Guid orderId, Guid requestId, AfterSales handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            return Problem(context, Problems.UnsupportedMediaType, l["AfterSales.PhotoType"]);
        }

        var limit = AfterSalesRequest.MaxPhotoBytes + (64 * 1024);
        if (context.Request.ContentLength > limit)
        {
            return Problem(context, Problems.PayloadTooLarge, l["AfterSales.PhotoTooLarge", AfterSalesRequest.MaxPhotoBytes / 1024 / 1024]);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (form.Files.Count != 1)
        {
            return Problem(context, Problems.BadRequest, l["Evidence.OneFile"]);
        }

        if (form.Files[0].Length > AfterSalesRequest.MaxPhotoBytes)
        {
            return Problem(context, Problems.PayloadTooLarge, l["AfterSales.PhotoTooLarge", AfterSalesRequest.MaxPhotoBytes / 1024 / 1024]);
        }

        using var buffer = new MemoryStream();
        await form.Files[0].CopyToAsync(buffer, cancellationToken);
        if (AfterSalesPhoto.Sniff(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is null)
        {
            return Problem(context, Problems.UnsupportedMediaType, l["AfterSales.PhotoType"]);
        }

        var outcome = await handler.AddPhotoAsync(orderId, requestId, UserId(context), buffer.ToArray(), cancellationToken);
        return outcome.Failure == OrderChangeFailure.None ? TypedResults.NoContent() : Failure(outcome, l, context, NotAllowed);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PhotoAsync(
        Guid orderId, Guid requestId, Guid photoId, AfterSales handler, HttpContext context, CancellationToken cancellationToken)
    {
        var user = context.User;
        var userId = AuditActors.UserId(user);
        var photo = await handler.PhotoAsync(photoId, r => r.Id == requestId && r.OrderId == orderId
            && (r.BuyerUserId == userId || user.IsOperator() || (user.GetOrganizationId() == r.SupplierId)), cancellationToken);
        if (photo is null)
        {
            return Problem(context, Problems.NotFound, null);
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.File(photo.Content, photo.ContentType);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EscalateAsync(
        Guid orderId, Guid requestId, AfterSales handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.EscalateAsync(orderId, requestId, UserId(context), cancellationToken), l, context, NotAllowed);

    private static async Task<Ok<IReadOnlyList<AfterSalesView>>> SupplierListAsync(Guid supplierId, AfterSales handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.ForSupplierAsync(supplierId, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> AgreeAsync(
        Guid supplierId, Guid requestId, AfterSales handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.AgreeAsync(supplierId, requestId, UserId(context), cancellationToken), l, context, NotAllowed);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeclineAsync(
        Guid supplierId, Guid requestId, AfterSalesDecisionRequest request, AfterSales handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.DeclineAsync(supplierId, requestId, UserId(context), request.Reason!, cancellationToken), l, context, NotAllowed);

    private static async Task<Ok<IReadOnlyList<AfterSalesView>>> OperatorListAsync(AfterSalesStatus? status, AfterSales handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.ForOperatorsAsync(status, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideAsync(
        Guid requestId, OperatorAfterSalesDecision decision, AfterSales handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.DecideAsync(requestId, UserId(context), decision, cancellationToken), l, context, NotAllowed);

    private static Guid UserId(HttpContext context) => AuditActors.UserId(context.User)!.Value;
}
