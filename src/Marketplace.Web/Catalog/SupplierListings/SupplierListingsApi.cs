using System.Globalization;
using Marketplace.Core.Catalog;
using Marketplace.Web.Api;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Suppliers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Catalog.SupplierListings;

/// <summary>
/// A supplier's own listings: its members (admins and staff) manage them, operators may read them. A listing id of
/// another supplier is not found. Updates may send <c>If-Match</c> with the listing's revision (its ETag).
/// </summary>
public static class SupplierListingsApi
{
    public const string Prefix = ApiRoutes.Prefix + "/suppliers/{supplierId:guid}/listings";

    public static IServiceCollection AddMarketplaceSupplierListings(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section);
        services.AddScoped<OwnListings>();
        services.AddScoped<ReadSupplierListings>();
        services.AddScoped<CreateListing>();
        services.AddScoped<UpdateListingDetails>();
        services.AddScoped<SetListingSkus>();
        services.AddScoped<SetSkuStock>();
        services.AddScoped<ChangeListingStatus>();
        services.AddScoped<UploadListingImage>();
        services.AddScoped<ManageListingImages>();
        services.AddScoped<ExportListings>();
        services.AddScoped<ImportListings>();
        services.AddScoped<ImportStock>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceSupplierListingsApi(this IEndpointRouteBuilder endpoints)
    {
        const string read = RouteSupplierRequirement.MemberOrOperatorPolicy;
        const string write = RouteSupplierRequirement.MemberPolicy;
        var listings = endpoints.MapGroup(Prefix).WithTags("Supplier listings")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        // On the builder, not the group: a group's empty pattern would end the route with a slash.
        endpoints.MapGet(Prefix, ListAsync).RequireAuthorization(read).WithTags("Supplier listings")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("本供应商的全部商品（含各状态与驳回原因） / The supplier's listings in every status (its members and operators)");
        endpoints.MapPost(Prefix, CreateAsync).RequireAuthorization(write).WithTags("Supplier listings")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithValidation<CreateListingRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("新建商品草稿（供应商成员） / Create a draft listing with its SKUs (the supplier's members)");
        listings.MapGet("/{listingId:guid}", GetAsync).RequireAuthorization(read)
            .WithSummary("商品详情，ETag 为修订号 / One listing in full; its ETag is the revision (its members and operators)");
        listings.MapPut("/{listingId:guid}", UpdateAsync).RequireAuthorization(write)
            .WithValidation<UpdateListingDetailsRequest>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("修改商品信息（已上架的需重新审核） / Update the details; a live listing goes back to review (the supplier's members)");
        listings.MapPut("/{listingId:guid}/skus", SetSkusAsync).RequireAuthorization(write)
            .WithValidation<SetListingSkusRequest>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("设置全部规格与价格（涨价超过阈值需重新审核） / Replace the SKUs; a price raise above the threshold goes back to review (the supplier's members)");
        listings.MapPut("/{listingId:guid}/skus/{skuCode}/stock", SetStockAsync).RequireAuthorization(write)
            .WithValidation<SetSkuStockRequest>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("设置某规格库存 / Set one SKU's stock (the supplier's members)");
        listings.MapPost("/{listingId:guid}/submit", SubmitAsync).RequireAuthorization(write)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("提交审核 / Submit for review (the supplier's members)");
        listings.MapPost("/{listingId:guid}/publish", PublishAsync).RequireAuthorization(write)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("上架 / Publish an approved or unlisted listing (the supplier's members)");
        listings.MapPost("/{listingId:guid}/unlist", UnlistAsync).RequireAuthorization(write)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("下架 / Unlist a published listing (the supplier's members)");

        // Multipart from programs with bearer tokens; the pages post their own forms with antiforgery tokens and call the
        // handlers directly. No Accepts metadata: the handler checks the content type after authorization.
        listings.MapPost("/{listingId:guid}/images", UploadImageAsync).RequireAuthorization(write)
            .DisableAntiforgery()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("上传商品图片：JPEG、PNG、WebP，8 MB 以内（供应商成员） / Upload a picture (the supplier's members)");
        listings.MapDelete("/{listingId:guid}/images/{imageId:guid}", RemoveImageAsync).RequireAuthorization(write)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("删除商品图片 / Remove a picture (the supplier's members)");
        listings.MapPut("/{listingId:guid}/cover", SetCoverAsync).RequireAuthorization(write)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("设置封面图 / Choose the cover picture (the supplier's members)");
        listings.MapGet("/{listingId:guid}/images/{imageId:guid}/{variant}", ImageAsync).RequireAuthorization(read)
            .WithSummary("本供应商的商品图片（含未上架），display 或 thumbnail / The supplier's own picture, published or not (its members and operators)");

        listings.MapGet("/export", ExportAsync).RequireAuthorization(read)
            .ProducesValidationProblem()
            .WithSummary("导出商品表 CSV 或 xlsx，每个规格一行 / Export the listings as CSV or xlsx, one row per SKU (its members and operators)");
        listings.MapPost("/import", ImportAsync).RequireAuthorization(write)
            .DisableAntiforgery()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("导入商品表：全部行无误才写入，否则逐行报错 / Import listings: all rows or none, every bad cell reported (the supplier's members)");
        listings.MapPost("/stock-import", ImportStockAsync).RequireAuthorization(write)
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("导入库存表（商品编码、规格编码、库存） / Import stock: product code, SKU code, stock (the supplier's members)");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<SupplierListingSummary>>> ListAsync(Guid supplierId, ReadSupplierListings handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.ListAsync(supplierId, cancellationToken));

    private static async Task<Results<Ok<SupplierListingDetail>, ProblemHttpResult>> GetAsync(
        Guid supplierId, Guid listingId, ReadSupplierListings handler, HttpContext context, CancellationToken cancellationToken)
    {
        if (await handler.GetAsync(supplierId, listingId, cancellationToken) is not { } listing)
        {
            return Problem(context, Problems.NotFound, null);
        }

        context.Response.Headers.ETag = SupplierListingDetail.ETagOf(listing.Revision);
        context.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.Ok(listing);
    }

    private static async Task<Results<Created<SupplierListingDetail>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid supplierId, CreateListingRequest request, CreateListing handler, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(supplierId, request, cancellationToken);
        if (!outcome.Succeeded)
        {
            return Fail(context, outcome);
        }

        context.Response.Headers.ETag = SupplierListingDetail.ETagOf(outcome.Value!.Revision);
        return TypedResults.Created($"{ApiRoutes.Prefix}/suppliers/{supplierId}/listings/{outcome.Value.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<SupplierListingDetail>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid supplierId, Guid listingId, UpdateListingDetailsRequest request, UpdateListingDetails handler, HttpContext context, CancellationToken cancellationToken) =>
        Detail(context, await handler.HandleAsync(supplierId, listingId, request, IfMatch(context), cancellationToken));

    private static async Task<Results<Ok<SupplierListingDetail>, ValidationProblem, ProblemHttpResult>> SetSkusAsync(
        Guid supplierId, Guid listingId, SetListingSkusRequest request, SetListingSkus handler, HttpContext context, CancellationToken cancellationToken) =>
        Detail(context, await handler.HandleAsync(supplierId, listingId, request, IfMatch(context), cancellationToken));

    private static async Task<Results<Ok<SkuResponse>, ValidationProblem, ProblemHttpResult>> SetStockAsync(
        Guid supplierId, Guid listingId, string skuCode, SetSkuStockRequest request, SetSkuStock handler, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(supplierId, listingId, skuCode, request, IfMatch(context), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : Fail(context, outcome);
    }

    private static async Task<Results<Ok<SupplierListingDetail>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        Guid supplierId, Guid listingId, ChangeListingStatus handler, HttpContext context, CancellationToken cancellationToken)
    {
        // The body is optional: {"publishOnApproval": false} keeps an approved listing off the storefront until published.
        SubmitListingRequest? request = null;
        if (context.Request.HasJsonContentType() && context.Request.ContentLength != 0)
        {
            try
            {
                request = await context.Request.ReadFromJsonAsync<SubmitListingRequest>(cancellationToken);
            }
            catch (System.Text.Json.JsonException)
            {
                return Problem(context, Problems.BadRequest, null);
            }
        }

        return Detail(context, await handler.SubmitAsync(supplierId, listingId, request, IfMatch(context), cancellationToken));
    }

    private static async Task<Results<Ok<SupplierListingDetail>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        Guid supplierId, Guid listingId, ChangeListingStatus handler, HttpContext context, CancellationToken cancellationToken) =>
        Detail(context, await handler.PublishAsync(supplierId, listingId, IfMatch(context), cancellationToken));

    private static async Task<Results<Ok<SupplierListingDetail>, ValidationProblem, ProblemHttpResult>> UnlistAsync(
        Guid supplierId, Guid listingId, ChangeListingStatus handler, HttpContext context, CancellationToken cancellationToken) =>
        Detail(context, await handler.UnlistAsync(supplierId, listingId, IfMatch(context), cancellationToken));

    private static async Task<Results<Created<ListingImageResponse>, ValidationProblem, ProblemHttpResult>> UploadImageAsync(
        Guid supplierId, Guid listingId, UploadListingImage handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (content, refused) = await ReadOneFileAsync(context, ListingImageProcessor.MaxBytes, l["Image.TooLarge", ListingImageProcessor.MaxBytes / 1024 / 1024], l, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await handler.HandleAsync(supplierId, listingId, new UploadListingImageRequest(content!), cancellationToken);
        return outcome.Succeeded ? TypedResults.Created(outcome.Value!.DisplayUrl, outcome.Value) : Fail(context, outcome);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveImageAsync(
        Guid supplierId, Guid listingId, Guid imageId, ManageListingImages handler, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.RemoveAsync(supplierId, listingId, imageId, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : Fail(context, outcome);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetCoverAsync(
        Guid supplierId, Guid listingId, SetCoverImageRequest request, ManageListingImages handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.ImageId is not { } imageId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["imageId"] = [l["Validation.Required", l["Image.Cover"]]] });
        }

        var outcome = await handler.SetCoverAsync(supplierId, listingId, imageId, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : Fail(context, outcome);
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ImageAsync(
        Guid supplierId, Guid listingId, Guid imageId, string variant, ManageListingImages handler, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ListingImageVariant>(variant, ignoreCase: true, out var which) || !Enum.IsDefined(which) || variant.Any(char.IsAsciiDigit)
            || await handler.ReadAsync(supplierId, listingId, imageId, which, cancellationToken) is not { } image)
        {
            return Problem(context, Problems.NotFound, null);
        }

        var etag = "\"" + image.Hash + "\"";
        // Private: an unpublished listing's pictures are the supplier's until the storefront shows them.
        context.Response.Headers.CacheControl = "private, max-age=3600";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.File(image.Content, image.ContentType);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid supplierId, string? format, ExportListings handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        SheetFormat? which = (format ?? "csv").ToLowerInvariant() switch { "csv" => SheetFormat.Csv, "xlsx" => SheetFormat.Xlsx, _ => null };
        if (which is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [l["Import.Format"]] });
        }

        if (await handler.HandleAsync(supplierId, which.Value, cancellationToken) is not { } sheet)
        {
            return Problem(context, Problems.NotFound, null);
        }

        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(sheet.Content, sheet.ContentType, sheet.FileName);
    }

    private static async Task<Results<Ok<ListingImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        Guid supplierId, ImportListings handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (content, refused) = await ReadOneFileAsync(context, Sheet.MaxBytes, l["Import.TooLarge", Sheet.MaxBytes / 1024 / 1024], l, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await handler.HandleAsync(supplierId, new ImportSheetRequest(FileName(context), content!), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : Fail(context, outcome);
    }

    private static async Task<Results<Ok<StockImportResult>, ValidationProblem, ProblemHttpResult>> ImportStockAsync(
        Guid supplierId, ImportStock handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (content, refused) = await ReadOneFileAsync(context, Sheet.MaxBytes, l["Import.TooLarge", Sheet.MaxBytes / 1024 / 1024], l, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await handler.HandleAsync(supplierId, new ImportSheetRequest(FileName(context), content!), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : Fail(context, outcome);
    }

    private static string FileName(HttpContext context) => context.Request.Form.Files.Count == 1 ? context.Request.Form.Files[0].FileName : "";

    /// <summary>The one file of a multipart upload, refused early when the request is not multipart or too large.</summary>
    private static async Task<(byte[]? Content, ProblemHttpResult? Refused)> ReadOneFileAsync(
        HttpContext context, long maxBytes, string tooLarge, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return (null, Problem(context, Problems.UnsupportedMediaType, l["Upload.NotMultipart"]));
        }

        var limit = maxBytes + (64 * 1024);
        if (request.ContentLength > limit)
        {
            return (null, Problem(context, Problems.PayloadTooLarge, tooLarge));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
        if (form.Files.Count != 1)
        {
            return (null, Problem(context, Problems.BadRequest, l["Upload.OneFile"]));
        }

        var file = form.Files[0];
        if (file.Length > maxBytes)
        {
            return (null, Problem(context, Problems.PayloadTooLarge, tooLarge));
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return (buffer.ToArray(), null);
    }

    /// <summary>The revision that If-Match names: none when absent or "*"; an unreadable tag never matches.</summary>
    public static int? IfMatch(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return int.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : -1;
    }

    private static Results<Ok<SupplierListingDetail>, ValidationProblem, ProblemHttpResult> Detail(HttpContext context, ListingOutcome<SupplierListingDetail> outcome)
    {
        if (!outcome.Succeeded)
        {
            return Fail(context, outcome);
        }

        context.Response.Headers.ETag = SupplierListingDetail.ETagOf(outcome.Value!.Revision);
        return TypedResults.Ok(outcome.Value);
    }

    /// <summary>
    /// A failed outcome as ProblemDetails; field errors as a validation problem, and bad sheet lines with each
    /// {line, column, message} as well.
    /// </summary>
    private static ProblemHttpResult Fail<T>(HttpContext context, ListingOutcome<T> outcome) => outcome.Failure switch
    {
        ListingFailure.NotFound => Problem(context, Problems.NotFound, null),
        ListingFailure.Conflict => Problem(context, Problems.Conflict, outcome.Detail),
        ListingFailure.PreconditionFailed => Problem(context, Problems.PreconditionFailed, outcome.Detail),
        ListingFailure.TooLarge => Problem(context, Problems.PayloadTooLarge, outcome.Detail),
        ListingFailure.UnsupportedMediaType => Problem(context, Problems.UnsupportedMediaType, outcome.Detail),
        _ => TypedResults.Problem(ValidationProblem(context, outcome)),
    };

    internal static HttpValidationProblemDetails ValidationProblem<T>(HttpContext context, ListingOutcome<T> outcome)
    {
        var errors = outcome.LineErrors is { } lines
            ? lines.GroupBy(e => $"line {e.Line}").ToDictionary(g => g.Key, g => g.Select(e => $"{e.Column}: {e.Message}").ToArray())
            : new Dictionary<string, string[]>(outcome.Errors ?? new Dictionary<string, string[]>());
        var problem = new HttpValidationProblemDetails(errors)
        {
            Type = Problems.ValidationFailed.Uri,
            Title = Problems.ValidationFailed.Title,
            Status = StatusCodes.Status400BadRequest,
            Detail = outcome.Detail,
        };
        if (outcome.LineErrors is { } lineErrors)
        {
            problem.Extensions["lineErrors"] = lineErrors;
        }

        var complete = Problems.Create(context, Problems.ValidationFailed);
        foreach (var (key, value) in complete.Extensions)
        {
            problem.Extensions[key] = value;
        }

        problem.Instance = complete.Instance;
        return problem;
    }

    private static ProblemHttpResult Problem(HttpContext context, ProblemType type, string? detail) =>
        TypedResults.Problem(Problems.Create(context, type, detail: detail));
}
