using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Marketplace.Web.Catalog.Storefront;

/// <summary>
/// A 200 with a <typeparamref name="T"/> already serialized to JSON (by <see cref="ConditionalGet"/>, which hashes it
/// for the ETag), sent as those bytes. Described to OpenAPI exactly as <c>Ok&lt;T&gt;</c> is.
/// </summary>
internal sealed class SerializedJson<T>(byte[] utf8Json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
