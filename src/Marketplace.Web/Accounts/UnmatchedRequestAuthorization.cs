using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Marketplace.Web.Accounts;

/// <summary>
/// The fallback policy guards endpoints. A request that matched no endpoint (404), or matched one only by
/// path (405), has nothing to guard: challenging it would turn every wrong address into a sign-in redirect and
/// hide the real answer. Everything else is decided as usual.
/// </summary>
internal sealed class UnmatchedRequestAuthorization : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        !authorizeResult.Succeeded && IsUnmatched(context.GetEndpoint())
            ? next(context)
            : _default.HandleAsync(next, context, policy, authorizeResult);

    // Routing answers a wrong method with an endpoint of its own: not a route, and without any metadata.
    // Every endpoint the application maps is a route endpoint.
    private static bool IsUnmatched(Endpoint? endpoint) =>
        endpoint is null || (endpoint is not RouteEndpoint && endpoint.Metadata.Count == 0);
}
