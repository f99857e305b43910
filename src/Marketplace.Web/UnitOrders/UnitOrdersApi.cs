using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Catalog.SupplierListings;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Marketplace.Web.Suppliers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.UnitOrders;

/// <summary>Bulk (集体采购单) and uniform (工装订单) orders of a unit's purchasers, their drafts, and the suppliers' packing lists of them.</summary>
public static class UnitOrdersApi
{
    public const string Root = ApiRoutes.Prefix + "/unit-orders";

    /// <summary><see cref="MarketplacePolicies.UnitRole"/>(UnitPurchaser), as a constant for page attributes.</summary>
    public const string PurchaserPolicy = "UnitRole:" + nameof(OrganizationRole.UnitPurchaser);

    /// <summary>A 10,000-line sheet with per-line addresses stays well below this.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    public static IServiceCollection AddMarketplaceUnitOrdersWeb(this IServiceCollection services)
    {
        services.AddScoped<CheckUnitOrder>();
        services.AddScoped<SubmitUnitOrder>();
        services.AddScoped<UnitOrderDrafts>();
        services.AddScoped<UnitOrderPackingLists>();
        services.AddScoped<UnitOrderCheckProgressStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceUnitOrdersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Unit orders").RequireAuthorization(PurchaserPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/unit-orders/check", CheckAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("检查集体采购单或工装花名册：一次列出所有问题行，不下单（单位采购员） / Check a bulk-order sheet or uniform roster: every bad line at once, nothing ordered (unit purchasers)");
        group.MapGet("/unit-orders/check-progress/{token:guid}", ProgressAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("检查进度：已校验行数 / 总行数（上传时附 progressToken；单位采购员） / How far a check has got: lines checked of all, for the progressToken sent with the sheet (unit purchasers)");
        group.MapPost("/unit-orders", SubmitAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("提交集体采购单或工装订单（需 Idempotency-Key；任一行有误则不下单）（单位采购员） / Place a bulk or uniform order: Idempotency-Key; any bad line orders nothing (unit purchasers)");
        group.MapGet("/unit-orders/drafts", DraftsAsync)
            .WithSummary("我的采购单草稿（单位采购员） / My saved drafts (unit purchasers)");
        group.MapPost("/unit-orders/drafts", SaveDraftAsync).WithValidation<SaveUnitOrderDraftRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("保存草稿（单位采购员） / Save a draft (unit purchasers)");
        group.MapGet("/unit-orders/drafts/{draftId:guid}", DraftAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("读取草稿以继续（单位采购员） / A draft, to resume it (unit purchasers)");
        group.MapPut("/unit-orders/drafts/{draftId:guid}", ChangeDraftAsync).WithValidation<SaveUnitOrderDraftRequest>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("修改草稿（单位采购员） / Change a draft (unit purchasers)");
        group.MapDelete("/unit-orders/drafts/{draftId:guid}", DeleteDraftAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("删除草稿（单位采购员） / Delete a draft (unit purchasers)");

        endpoints.MapGroup(SuppliersApi.Supplier).WithTags("Orders")
            .MapGet("/sub-orders/{subOrderId:guid}/packing-list", PackingListAsync)
            .RequireAuthorization(RouteSupplierRequirement.MemberOrOperatorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("装箱单（按收货点、部门或人员；xlsx 或 csv）（本供应商与平台运营） / A sub-order's packing list by place, department or person, as xlsx or csv (its members and operators)");
        return endpoints;
    }

    private static async Task<Results<Ok<UnitOrderCheckResult>, ValidationProblem, ProblemHttpResult>> CheckAsync(
        CheckUnitOrder handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (input, refused) = await ReadAsync(context, l, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (checkedOrder, refusal) = await handler.HandleAsync(AuditActors.UserId(context.User)!.Value, input!, cancellationToken);
        return refusal is not null ? Field(refusal) : TypedResults.Ok(checkedOrder!.Result);
    }

    private static async Task<Results<Ok<UnitOrderCheckProgressView>, ProblemHttpResult>> ProgressAsync(
        Guid token, UnitOrderCheckProgressStore progress, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        return await progress.FindAsync(token, AuditActors.UserId(context.User)!.Value, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : Problem(context, Problems.NotFound, null);
    }

    private static async Task<Results<Accepted<OrderAccepted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitUnitOrder handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var key = context.Request.Headers[PlaceOrder.IdempotencyHeader].ToString();
        if (!PlaceOrder.KeyPattern().IsMatch(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [PlaceOrder.IdempotencyHeader] = [l["Order.IdempotencyKey"]] });
        }

        var (input, refused) = await ReadAsync(context, l, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await handler.HandleAsync(input!, key, context, cancellationToken);
        return outcome.Failure switch
        {
            UnitOrderFailure.None => TypedResults.Accepted($"{OrderingApi.Orders}/{outcome.Order!.OrderId}", outcome.Order),
            UnitOrderFailure.FundingNotAllowed => Problem(context, Problems.Forbidden, l["Order.FundingNotAllowed"]),
            UnitOrderFailure.Refused => Field(outcome.Refusal!),
            UnitOrderFailure.NumberUnavailable => Problem(context, Problems.ServiceUnavailable, l["Order.NumberUnavailable"]),
            UnitOrderFailure.BadLines => TypedResults.Problem(SupplierListingsApi.ValidationProblem(
                context, new ListingOutcome<object>(null, ListingFailure.Invalid, l["UnitOrder.NothingOrdered", outcome.Check!.Errors.Count], null, outcome.Check.Errors))),
            _ => Problem(context, Problems.IdempotencyKeyReused, l["Order.IdempotencyKeyReused"]),
        };
    }

    /// <summary>
    /// The form: kind (Bulk or Uniform), the sheet as one file (CSV or xlsx) or as pasted text, the default place from the
    /// address book, PO number and note, and optionally a progressToken (a GUID) to poll the check's progress by.
    /// </summary>
    private static async Task<(UnitOrderInput? Input, ProblemHttpResult? Refused)> ReadAsync(HttpContext context, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return (null, Problem(context, Problems.UnsupportedMediaType, l["Upload.NotMultipart"]));
        }

        var limit = MaxBytes + (64 * 1024);
        if (request.ContentLength > limit)
        {
            return (null, Problem(context, Problems.PayloadTooLarge, l["Import.TooLarge", MaxBytes / 1024 / 1024]));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = limit, ValueLengthLimit = (int)limit }, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<OrderKind>(form["kind"].ToString(), ignoreCase: true, out var kind) || kind == OrderKind.Standard || form["kind"].ToString().Any(char.IsAsciiDigit))
        {
            errors["kind"] = [l["UnitOrder.KindInvalid"]];
        }

        Guid? savedAddressId = null;
        if (form["savedAddressId"].ToString() is { Length: > 0 } savedText)
        {
            if (Guid.TryParse(savedText, out var id))
            {
                savedAddressId = id;
            }
            else
            {
                errors["savedAddressId"] = [l["Address.Unknown"]];
            }
        }

        Guid? progressToken = null;
        if (form["progressToken"].ToString() is { Length: > 0 } tokenText)
        {
            if (Guid.TryParse(tokenText, out var token))
            {
                progressToken = token;
            }
            else
            {
                errors["progressToken"] = [l["UnitOrder.ProgressTokenInvalid"]];
            }
        }

        var poNumber = form["poNumber"].ToString();
        var note = form["note"].ToString();
        if (poNumber.Length > Order.PoNumberMaxLength)
        {
            errors["poNumber"] = [l["Validation.MaxLength", l["Order.PoNumber"], Order.PoNumberMaxLength]];
        }

        if (note.Length > Order.NoteMaxLength)
        {
            errors["note"] = [l["Validation.MaxLength", l["Order.Note"], Order.NoteMaxLength]];
        }

        byte[] content = [];
        if (form.Files.Count > 1)
        {
            errors["file"] = [l["Upload.OneFile"]];
        }
        else if (form.Files.Count == 1)
        {
            using var buffer = new MemoryStream();
            await form.Files[0].CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        else if (form["text"].ToString() is { Length: > 0 } text)
        {
            content = UnitOrderSheets.FromPastedText(text);
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.Problem(SupplierListingsApi.ValidationProblem(context, new ListingOutcome<object>(null, ListingFailure.Invalid, null, errors))));
        }

        return (new UnitOrderInput(kind, content, savedAddressId, poNumber, note, progressToken), null);
    }

    private static async Task<Ok<IReadOnlyList<UnitOrderDraftSummary>>> DraftsAsync(UnitOrderDrafts drafts, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await drafts.ListAsync(AuditActors.UserId(context.User)!.Value, cancellationToken));

    private static async Task<Results<Ok<UnitOrderDraftView>, ProblemHttpResult>> DraftAsync(Guid draftId, UnitOrderDrafts drafts, HttpContext context, CancellationToken cancellationToken) =>
        await drafts.FindAsync(AuditActors.UserId(context.User)!.Value, draftId, cancellationToken) is { } draft ? TypedResults.Ok(draft) : Problem(context, Problems.NotFound, null);

    private static async Task<Results<Created<UnitOrderDraftView>, ProblemHttpResult>> SaveDraftAsync(
        SaveUnitOrderDraftRequest request, UnitOrderDrafts drafts, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await drafts.SaveAsync(context.User, null, request, cancellationToken) is { } saved
            ? TypedResults.Created($"{Root}/drafts/{saved.Id}", saved)
            : Problem(context, Problems.Conflict, l["UnitOrder.DraftsFull", UnitOrderDraft.MaxPerUser]);

    private static async Task<Results<Ok<UnitOrderDraftView>, ProblemHttpResult>> ChangeDraftAsync(
        Guid draftId, SaveUnitOrderDraftRequest request, UnitOrderDrafts drafts, HttpContext context, CancellationToken cancellationToken) =>
        await drafts.SaveAsync(context.User, draftId, request, cancellationToken) is { } saved ? TypedResults.Ok(saved) : Problem(context, Problems.NotFound, null);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraftAsync(Guid draftId, UnitOrderDrafts drafts, HttpContext context, CancellationToken cancellationToken) =>
        await drafts.DeleteAsync(AuditActors.UserId(context.User)!.Value, draftId, cancellationToken) ? TypedResults.NoContent() : Problem(context, Problems.NotFound, null);

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PackingListAsync(
        Guid supplierId, Guid subOrderId, string? format, string? by, UnitOrderPackingLists lists, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        SheetFormat? which = (format ?? "xlsx").ToLowerInvariant() switch { "csv" => SheetFormat.Csv, "xlsx" => SheetFormat.Xlsx, _ => null };
        PackingListGrouping? grouping = (by ?? "place").ToLowerInvariant() switch
        {
            "place" => PackingListGrouping.Place,
            "department" => PackingListGrouping.Department,
            "person" => PackingListGrouping.Person,
            _ => null,
        };
        if (which is null || grouping is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [which is null ? "format" : "by"] = [l[which is null ? "Import.Format" : "PackingList.GroupingInvalid"]] });
        }

        if (await lists.FindAsync(supplierId, subOrderId, cancellationToken) is not { } list)
        {
            return Problem(context, Problems.NotFound, null);
        }

        var sheet = UnitOrderPackingLists.Sheet(list, grouping.Value, which.Value, !ListingSheet.InChinese);
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(sheet, which == SheetFormat.Xlsx ? Sheet.XlsxContentType : "text/csv; charset=utf-8", $"packing-list-{list.SubOrder.Number}-{grouping.Value.ToString().ToLowerInvariant()}.{which.Value.ToString().ToLowerInvariant()}");
    }

    private static ValidationProblem Field(UnitOrderRefusal refusal) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] });

    private static ProblemHttpResult Problem(HttpContext context, ProblemType type, string? detail) =>
        TypedResults.Problem(Problems.Create(context, type, detail: detail));
}
