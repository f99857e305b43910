using Marketplace.Web.Api;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Web.Catalog.ListingReview;

/// <summary>The operators' side of listings: the review queue, a listing in full with its images, decisions, and trusted suppliers.</summary>
public static class ListingReviewApi
{
    public const string Listings = ApiRoutes.Prefix + "/listings";
    public const string ReviewQueuePath = Listings + "/review-queue";

    public static IServiceCollection AddMarketplaceListingReview(this IServiceCollection services)
    {
        services.AddScoped<ReviewQueue>();
        services.AddScoped<ListingForReview>();
        services.AddScoped<ReviewListing>();
        services.AddScoped<SetAutoApproveListings>();
        services.AddScoped<ListingImageForReview>();
        return services;
    }

    /// <summary>An image's URL for operators; <paramref name="variant"/> is <see cref="ListingImageForReview.Display"/> or <see cref="ListingImageForReview.Thumbnail"/>.</summary>
    public static string ImageUrl(Guid listingId, Guid imageId, string variant) => $"{Listings}/{listingId}/images/{imageId}/{variant}";

    public static IEndpointRouteBuilder MapMarketplaceListingReviewApi(this IEndpointRouteBuilder endpoints)
    {
        var operators = endpoints.MapGroup(Listings).WithTags("Listing review").RequireAuthorization(MarketplacePolicies.Operator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        operators.MapGet("/review-queue", QueueAsync)
            .WithSummary("商品审核队列，最早提交的在前（平台运营） / The listing review queue, longest waiting first (operators)");
        operators.MapGet("/{listingId:guid}", FindAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("商品详情：规格、阶梯价、图片与供应商认证（平台运营） / A listing in full with its supplier's certification (operators)");
        operators.MapPost("/{listingId:guid}/review", ReviewAsync)
            .WithValidation<ReviewListingRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("审核商品：通过或驳回（平台运营） / Approve or reject a submitted listing (operators)");
        operators.MapGet("/{listingId:guid}/images/{imageId:guid}/{variant}", ImageAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("商品图片：display 或 thumbnail（平台运营，含未上架商品） / A listing's image, display or thumbnail, in any status (operators)");

        endpoints.MapPut(ApiRoutes.Prefix + "/suppliers/{supplierId:guid}/auto-approve-listings", AutoApproveAsync)
            .RequireAuthorization(MarketplacePolicies.Operator)
            .WithValidation<SetAutoApproveListingsRequest>()
            .WithTags("Listing review")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("设置供应商商品免审（平台运营） / Let a trusted supplier's listings skip review, or not (operators)");
        return endpoints;
    }

    private static async Task<Ok<ReviewQueuePage>> QueueAsync(int? offset, int? limit, ReviewQueue queue, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queue.HandleAsync(offset, limit, cancellationToken));

    private static async Task<Results<Ok<OperatorListingResponse>, ProblemHttpResult>> FindAsync(
        Guid listingId, ListingForReview listings, HttpContext context, CancellationToken cancellationToken) =>
        await listings.FindAsync(listingId, cancellationToken) is { } listing ? TypedResults.Ok(listing) : NotFound(context);

    private static async Task<Results<Ok<OperatorListingResponse>, ProblemHttpResult>> ReviewAsync(
        Guid listingId, ReviewListingRequest request, ReviewListing handler, ListingForReview listings, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(listingId, request, context, cancellationToken);
        return outcome.Failure switch
        {
            ListingReviewFailure.None => TypedResults.Ok((await listings.FindAsync(listingId, cancellationToken))!),
            ListingReviewFailure.NotFound => NotFound(context),
            _ => TypedResults.Problem(Problems.Create(context, Problems.Conflict, detail: outcome.Detail)),
        };
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ImageAsync(
        Guid listingId, Guid imageId, string variant, ListingImageForReview images, HttpContext context, CancellationToken cancellationToken)
    {
        if (await images.FindAsync(listingId, imageId, variant, cancellationToken) is not { } image)
        {
            return NotFound(context);
        }

        // An image id never changes its bytes; operators' browsers keep it, shared caches never do (it may not be public yet).
        context.Response.Headers.CacheControl = "private, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(image.Content, image.ContentType, entityTag: new EntityTagHeaderValue($"\"{image.Hash}-{variant}\""));
    }

    private static async Task<Results<Ok<AutoApproveListingsResponse>, ProblemHttpResult>> AutoApproveAsync(
        Guid supplierId, SetAutoApproveListingsRequest request, SetAutoApproveListings handler, HttpContext context, CancellationToken cancellationToken) =>
        await handler.HandleAsync(supplierId, request, context, cancellationToken) is { } result ? TypedResults.Ok(result) : NotFound(context);

    private static ProblemHttpResult NotFound(HttpContext context) => TypedResults.Problem(Problems.Create(context, Problems.NotFound));
}
