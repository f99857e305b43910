using System.IO.Hashing;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Web.Catalog.Storefront;

/// <summary>
/// Storefront answers carry a weak ETag over their JSON and may be cached by anyone, but revalidated every time
/// (<c>no-cache</c>): a suspended supplier's products must disappear at once, and a 304 costs one small query.
/// The JSON is serialized once: the ETag is its hash, and the 200 sends those same bytes.
/// </summary>
internal static class ConditionalGet
{
    public static Results<SerializedJson<T>, StatusCodeHttpResult> Answer<T>(HttpContext context, T body)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var json = JsonSerializer.SerializeToUtf8Bytes(body, options.GetTypeInfo(typeof(T)));
        // A validator, not a signature: a fast non-cryptographic 128-bit hash is enough to tell two answers apart.
        var hash = XxHash128.Hash(json);
        var etag = new EntityTagHeaderValue($"\"{WebEncoders.Base64UrlEncode(hash)}\"", isWeak: true);
        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.CacheControl = "public, no-cache";
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : new SerializedJson<T>(json);
    }
}
