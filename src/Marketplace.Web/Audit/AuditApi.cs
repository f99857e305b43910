using Marketplace.Core.Audit;
using Marketplace.Web.Api;
using Marketplace.Web.Authorization;

namespace Marketplace.Web.Audit;

public static class AuditApi
{
    public static IServiceCollection AddMarketplaceAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<SignInAudit>();
        services.AddScoped<ReadAuditLog>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ApiRoutes.Prefix + "/audit", (
                [AsParameters] AuditQuery query, ReadAuditLog handler, CancellationToken cancellationToken) =>
                handler.HandleAsync(query, cancellationToken))
            .WithValidation<AuditQuery>()
            .RequireAuthorization(MarketplacePolicies.Operator)
            .WithTags("Audit")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("审计日志（平台运营） / The audit log, newest first (operators)");
        return endpoints;
    }
}
