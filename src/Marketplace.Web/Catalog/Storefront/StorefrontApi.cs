using Marketplace.Core.Catalog.Storefront;
using Marketplace.Web.Api;
using Marketplace.Web.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Catalog.Storefront;

/// <summary>The storefront: anyone reads the products on sale, their details, the filter counts and the product images.</summary>
public static class StorefrontApi
{
    public const string Prefix = ApiRoutes.Prefix + "/storefront";

    public static IServiceCollection AddMarketplaceStorefront(this IServiceCollection services)
    {
        services.AddSingleton<StorefrontReader>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, StorefrontJsonContext.Default));
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceStorefrontApi(this IEndpointRouteBuilder endpoints)
    {
        var storefront = endpoints.MapGroup(Prefix).WithTags("Storefront").AllowAnonymous();
        storefront.MapGet("/products", ListAsync)
            .WithValidation<ProductListRequest>()
            .WithSummary("商品列表：按县、地区、类目、品牌、价格（分）、有货筛选，搜索，排序，游标分页 / Products on sale: filters, search, sort, keyset pages");
        storefront.MapGet("/products/{id:guid}", DetailAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("商品详情：规格、阶梯价、参考价与溢价、供应商、产地县与利益联结 / A product with its SKUs, premium, supplier, county and benefit linkage");
        storefront.MapGet("/facets", FacetsAsync)
            .WithSummary("筛选项及商品数 / Counties, regions, categories and brands with their product counts");
        storefront.MapGet("/images/{imageId:guid}/{hash}/{variant}", ImageAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("商品图片（display 或 thumbnail），永久缓存 / A product image (display or thumbnail), cacheable for ever");
        return endpoints;
    }

    private static async Task<Results<SerializedJson<ProductPage>, StatusCodeHttpResult>> ListAsync(
        [AsParameters] ProductListRequest request, StorefrontReader reader, HttpContext context, CancellationToken cancellationToken) =>
        ConditionalGet.Answer(context, await reader.ListAsync(request.ToFilter(), cancellationToken));

    private static async Task<Results<SerializedJson<ProductDetail>, StatusCodeHttpResult, ProblemHttpResult>> DetailAsync(
        Guid id, StorefrontReader reader, HttpContext context, CancellationToken cancellationToken)
    {
        if (await reader.DetailAsync(id, cancellationToken) is not { } detail)
        {
            return TypedResults.Problem(Problems.Create(context, Problems.NotFound));
        }

        return ConditionalGet.Answer(context, detail).Result switch
        {
            SerializedJson<ProductDetail> ok => ok,
            var other => (StatusCodeHttpResult)other,
        };
    }

    private static async Task<Results<SerializedJson<StorefrontFacets>, StatusCodeHttpResult>> FacetsAsync(
        StorefrontReader reader, HttpContext context, CancellationToken cancellationToken) =>
        ConditionalGet.Answer(context, await reader.FacetsAsync(cancellationToken));

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ImageAsync(
        Guid imageId, string hash, string variant, StorefrontReader reader, HttpContext context, CancellationToken cancellationToken)
    {
        ImageVariant? size = variant switch
        {
            "display" => ImageVariant.Display,
            "thumbnail" => ImageVariant.Thumbnail,
            _ => null,
        };
        if (size is null || await reader.ImageAsync(imageId, hash, size.Value, cancellationToken) is not { } image)
        {
            return TypedResults.Problem(Problems.Create(context, Problems.NotFound));
        }

        // The hash is in the URL, so these bytes never change under it.
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(image.Bytes, image.ContentType);
    }
}
