using Marketplace.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Marketplace.Web.Errors;

public static class ErrorResponses
{
    /// <summary>
    /// People get a page; programs get ProblemDetails. A request is from a person when it is outside /api and
    /// asks for HTML, as browsers do; curl, fetch without an Accept header and every /api call get JSON.
    /// </summary>
    public static bool WantsPage(HttpContext context) =>
        !ApiRoutes.IsApi(OriginalPath(context))
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path the client asked for, also while the error pipeline runs under the error page's path.</summary>
    public static PathString OriginalPath(HttpContext context)
    {
        if (context.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } failedPath)
        {
            return new PathString(failedPath);
        }

        if (context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath is { } statusPath)
        {
            return new PathString(statusPath);
        }

        return context.Request.Path;
    }
}
