using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Core.Catalog.Storefront;

namespace Marketplace.Web.Catalog.Storefront;

/// <summary>
/// Compile-time JSON for the storefront's answers, the most requested ones: the same shape as the reflection-based
/// serializer gives with ASP.NET Core's web defaults, without its per-call metadata work.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProductPage))]
[JsonSerializable(typeof(ProductDetail))]
[JsonSerializable(typeof(StorefrontFacets))]
internal sealed partial class StorefrontJsonContext : JsonSerializerContext;
