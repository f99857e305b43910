using Microsoft.AspNetCore.Diagnostics;

namespace Marketplace.Web.Errors;

public static class ErrorsRegistration
{
    /// <summary>The path of the page that shows errors to people; status codes are appended as a segment.</summary>
    public const string ErrorPagePath = "/error";

    public static IServiceCollection AddMarketplaceErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // A body or parameter that cannot be read throws in every environment, so the answer says what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Exceptions and bodiless error status codes (404, 405, 401 …) become ProblemDetails for programs and the
    /// localized error page for people (see <see cref="ErrorResponses.WantsPage"/>).
    /// </summary>
    public static WebApplication UseMarketplaceErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = ErrorPagePath,
            StatusCodeSelector = exception => ExceptionToProblem.Map(exception).Status,
            // ProblemExceptionHandler logs each exception at a level that fits it: an outage is a warning, not a bug.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseWhen(ErrorResponses.WantsPage, page => page.UseStatusCodePagesWithReExecute(ErrorPagePath + "/{0}"));
        app.UseWhen(context => !ErrorResponses.WantsPage(context), api => api.UseStatusCodePages(WriteProblemAsync));
        return app;
    }

    private static Task WriteProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        return TypedResults.Problem(Problems.Create(http, Problems.ForStatus(status), status)).ExecuteAsync(http);
    }
}
