using Marketplace.Web.Accounts;
using Marketplace.Web.Api;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Suppliers;

public static class SuppliersApi
{
    public const string Applications = ApiRoutes.Prefix + "/suppliers/applications";
    public const string Supplier = ApiRoutes.Prefix + "/suppliers/{supplierId:guid}";

    public static IServiceCollection AddMarketplaceSuppliers(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddAuthorizationBuilder()
            .AddPolicy(RouteSupplierRequirement.AdminPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new RouteSupplierRequirement(AdminOnly: true, OperatorsToo: false)))
            .AddPolicy(RouteSupplierRequirement.AdminOrOperatorPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new RouteSupplierRequirement(AdminOnly: true, OperatorsToo: true)))
            .AddPolicy(RouteSupplierRequirement.MemberOrOperatorPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new RouteSupplierRequirement(AdminOnly: false, OperatorsToo: true)))
            .AddPolicy(RouteSupplierRequirement.MemberPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new RouteSupplierRequirement(AdminOnly: false, OperatorsToo: false)));
        services.AddSingleton<IAuthorizationHandler, RouteSupplierHandler>();
        services.AddScoped<ApplySupplier>();
        services.AddScoped<ListSuppliers>();
        services.AddScoped<ReviewSupplier>();
        services.AddScoped<DeclareBenefitLinkage>();
        services.AddScoped<UploadEvidence>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceSuppliersApi(this IEndpointRouteBuilder endpoints)
    {
        // Anyone may apply; an anonymous applicant gets an account with it, so the sign-up rate limit applies.
        endpoints.MapPost(Applications, ApplyAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthenticationRateLimit.Policy)
            .WithValidation<ApplySupplierRequest>()
            .WithTags("Suppliers")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("供应商入驻申请 / Apply as a supplier");
        endpoints.MapGet(Applications, ListAsync)
            .RequireAuthorization(MarketplacePolicies.Operator)
            .WithTags("Suppliers")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("供应商申请与认证状态（平台运营） / Supplier applications and their certification (operators)");

        var supplier = endpoints.MapGroup(Supplier).WithTags("Suppliers")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        supplier.MapGet("/certification", CertificationAsync)
            .RequireAuthorization(RouteSupplierRequirement.MemberOrOperatorPolicy)
            .WithSummary("供应商认证状态（本供应商与平台运营） / The supplier's certification (its members and operators)");
        supplier.MapPost("/review", ReviewAsync)
            .RequireAuthorization(MarketplacePolicies.Operator)
            .WithValidation<ReviewSupplierRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("审核供应商：通过、驳回、暂停、恢复（平台运营） / Approve, reject, suspend or reinstate a supplier (operators)");
        supplier.MapGet("/benefit-linkage", LinkageAsync)
            .RequireAuthorization(RouteSupplierRequirement.MemberOrOperatorPolicy)
            .WithSummary("利益联结（本供应商与平台运营） / The benefit linkage in force and its history (its members and operators)");
        supplier.MapPut("/benefit-linkage", DeclareAsync)
            .RequireAuthorization(RouteSupplierRequirement.AdminPolicy)
            .WithValidation<DeclareBenefitLinkageRequest>()
            .WithSummary("申报利益联结（供应商管理员） / Declare the benefit linkage (the supplier's admins)");
        // Multipart from programs with bearer tokens; the page posts its own form with an antiforgery token, and the
        // cookie is SameSite=Lax. No Accepts metadata: the handler checks the content type after authorization.
        supplier.MapPost("/evidence", UploadAsync)
            .RequireAuthorization(RouteSupplierRequirement.AdminPolicy)
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("上传资质与证明文件：PDF、JPEG、PNG，5 MB 以内（供应商管理员） / Upload a licence or evidence file (the supplier's admins)");
        supplier.MapGet("/evidence", EvidenceAsync)
            .RequireAuthorization(RouteSupplierRequirement.AdminOrOperatorPolicy)
            .WithSummary("证明文件列表（供应商管理员与平台运营） / The supplier's evidence files (its admins and operators)");
        supplier.MapGet("/evidence/{id:guid}", DownloadAsync)
            .RequireAuthorization(RouteSupplierRequirement.AdminOrOperatorPolicy)
            .WithSummary("下载证明文件（供应商管理员与平台运营） / Download an evidence file (its admins and operators)");
        return endpoints;
    }

    private static async Task<Results<Created<SupplierApplicationResponse>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        ApplySupplierRequest request,
        ApplySupplier handler,
        IStringLocalizer<SharedResource> l,
        IOptions<IdentityOptions> identity,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(request, context, cancellationToken);
        return outcome.Failure switch
        {
            ApplyFailure.None => TypedResults.Created(Applications + "/" + outcome.Application!.ApplicationId, outcome.Application),
            ApplyFailure.AlreadyMember => TypedResults.Problem(Problems.Create(context, Problems.Conflict, detail: l["Supplier.AlreadyMember"])),
            ApplyFailure.CreditCodeInUse => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["unifiedSocialCreditCode"] = [l["Supplier.CreditCodeInUse"]],
            }),
            _ => TypedResults.ValidationProblem(
                IdentityErrorMessages.ByField(outcome.AccountErrors, l, identity.Value.Password)
                    .ToDictionary(e => e.Key == "email" ? "accountEmail" : e.Key == "password" ? "accountPassword" : e.Key, e => e.Value)),
        };
    }

    private static async Task<Ok<IReadOnlyList<SupplierSummary>>> ListAsync(ListSuppliers handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(cancellationToken));

    private static async Task<Results<Ok<SupplierSummary>, ProblemHttpResult>> CertificationAsync(
        Guid supplierId, ListSuppliers handler, HttpContext context, CancellationToken cancellationToken) =>
        await handler.FindAsync(supplierId, cancellationToken) is { } summary ? TypedResults.Ok(summary) : NotFound(context);

    private static async Task<Results<Ok<SupplierSummary>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        Guid supplierId, ReviewSupplierRequest request, ReviewSupplier handler, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(supplierId, request, context, cancellationToken);
        return outcome.Failure switch
        {
            ReviewFailure.None => TypedResults.Ok(outcome.Supplier!),
            ReviewFailure.NotFound => NotFound(context),
            ReviewFailure.UnknownCounty => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["countyCode"] = [outcome.Detail!] }),
            _ => TypedResults.Problem(Problems.Create(context, Problems.Conflict, detail: outcome.Detail)),
        };
    }

    private static async Task<Results<Ok<BenefitLinkageHistory>, ProblemHttpResult>> LinkageAsync(
        Guid supplierId, DeclareBenefitLinkage handler, HttpContext context, CancellationToken cancellationToken) =>
        await handler.HistoryAsync(supplierId, cancellationToken) is { } history ? TypedResults.Ok(history) : NotFound(context);

    private static async Task<Results<Ok<BenefitLinkageResponse>, ProblemHttpResult>> DeclareAsync(
        Guid supplierId, DeclareBenefitLinkageRequest request, DeclareBenefitLinkage handler, HttpContext context, CancellationToken cancellationToken) =>
        await handler.HandleAsync(supplierId, request, context, cancellationToken) is { } linkage ? TypedResults.Ok(linkage) : NotFound(context);

    private static async Task<Results<Created<EvidenceFileResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid supplierId, UploadEvidence handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return Problem(context, Problems.UnsupportedMediaType, l["Evidence.NotMultipart"]);
        }

        var limit = UploadEvidenceRequest.MaxBytes + (64 * 1024);
        if (request.ContentLength > limit)
        {
            return Problem(context, Problems.PayloadTooLarge, l["Evidence.TooLarge", UploadEvidenceRequest.MaxBytes / 1024 / 1024]);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count != 1)
        {
            return Problem(context, Problems.BadRequest, l["Evidence.OneFile"]);
        }

        var file = form.Files[0];
        if (file.Length > UploadEvidenceRequest.MaxBytes)
        {
            return Problem(context, Problems.PayloadTooLarge, l["Evidence.TooLarge", UploadEvidenceRequest.MaxBytes / 1024 / 1024]);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var outcome = await handler.HandleAsync(supplierId, new UploadEvidenceRequest(file.FileName, buffer.ToArray()), context, cancellationToken);
        return outcome.Failure switch
        {
            EvidenceFailure.None => TypedResults.Created($"{ApiRoutes.Prefix}/suppliers/{supplierId}/evidence/{outcome.File!.Id}", outcome.File),
            EvidenceFailure.SupplierNotFound => NotFound(context),
            EvidenceFailure.TooLarge => Problem(context, Problems.PayloadTooLarge, outcome.Detail),
            EvidenceFailure.UnsupportedType => Problem(context, Problems.UnsupportedMediaType, outcome.Detail),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [outcome.Detail!] }),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<EvidenceFileResponse>>, ProblemHttpResult>> EvidenceAsync(
        Guid supplierId, UploadEvidence handler, HttpContext context, CancellationToken cancellationToken) =>
        await handler.ListAsync(supplierId, cancellationToken) is { } files ? TypedResults.Ok(files) : NotFound(context);

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid supplierId, Guid id, UploadEvidence handler, HttpContext context, CancellationToken cancellationToken)
    {
        if (await handler.FindAsync(supplierId, id, cancellationToken) is not var (file, path))
        {
            return NotFound(context);
        }

        // Never rendered by the browser in the site's origin: always an attachment, never sniffed.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.PhysicalFile(path, file.ContentType, file.FileName);
    }

    private static ProblemHttpResult NotFound(HttpContext context) => Problem(context, Problems.NotFound, null);

    private static ProblemHttpResult Problem(HttpContext context, ProblemType type, string? detail) =>
        TypedResults.Problem(Problems.Create(context, type, detail: detail));
}
