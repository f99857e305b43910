using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Web.Accounts;

/// <summary>
/// Authentication only for requests that carry credentials. Without the sign-in cookie or an Authorization header
/// both schemes answer "no result" and the visitor stays anonymous, so the anonymous majority (storefront reads)
/// skips resolving the schemes and building their handlers. Nothing here handles requests itself (no remote sign-in
/// callbacks); if a scheme that does is ever added, every request is authenticated as before.
/// </summary>
internal sealed class CredentialedAuthentication(RequestDelegate next, IAuthenticationSchemeProvider schemes)
{
    /// <summary>The key under which UseAuthentication marks the pipeline, so that the host does not add it again in front.</summary>
    private const string MiddlewareSetKey = "__AuthenticationMiddlewareSet";

    private readonly AuthenticationMiddleware _authentication = new(next, schemes);
    private readonly bool _handlesRequests = schemes.GetRequestHandlerSchemesAsync().GetAwaiter().GetResult().Any();

    public Task InvokeAsync(HttpContext context) =>
        _handlesRequests || CarriesCredentials(context.Request) ? _authentication.Invoke(context) : next(context);

    public static IApplicationBuilder Use(IApplicationBuilder app)
    {
        app.Properties[MiddlewareSetKey] = true;
        return app.UseMiddleware<CredentialedAuthentication>();
    }

    private static bool CarriesCredentials(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderNames.Authorization) || request.Cookies.ContainsKey(AccountsRegistration.AuthCookieName);
}
