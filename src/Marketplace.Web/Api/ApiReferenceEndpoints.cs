using Scalar.AspNetCore;

namespace Marketplace.Web.Api;

public static class ApiReferenceEndpoints
{
    public const string DocumentTitle = "消费帮扶商城 API / Consumption Assistance Marketplace API";

    public static IServiceCollection AddMarketplaceApiReference(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = DocumentTitle;
            return Task.CompletedTask;
        }));

    /// <summary>The OpenAPI document at /openapi/v1.json and its Scalar reference at /scalar, open to all in every environment.</summary>
    public static IEndpointRouteBuilder MapMarketplaceApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference(o => o
                .WithTitle(DocumentTitle)
                // The site makes no requests to the internet: no CDN fonts, no telemetry.
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
        return endpoints;
    }
}
