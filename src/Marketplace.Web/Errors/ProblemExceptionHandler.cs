using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace Marketplace.Web.Errors;

/// <summary>Answers an exception with ProblemDetails, or leaves it to the error page when a person is reading.</summary>
internal sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ExceptionToProblem.Map(exception);
        var path = ErrorResponses.OriginalPath(context).Value ?? "";
        switch (problem)
        {
            case { RetryAfter: not null }:
                LogUnavailable(exception, context.Request.Method, path);
                break;
            case { Status: >= StatusCodes.Status500InternalServerError }:
                LogFailed(exception, context.Request.Method, path);
                break;
            default:
                LogRejected(exception, context.Request.Method, path, problem.Status);
                break;
        }

        if (problem.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (ErrorResponses.WantsPage(context))
        {
            // Not handled here: the middleware runs the error page, with the status code set from the same mapping.
            return false;
        }

        var details = Problems.Create(context, problem.Type, problem.Status, problem.Detail);
        await TypedResults.Problem(details).ExecuteAsync(context);
        return true;
    }

    [LoggerMessage(LogLevel.Error, "Request {Method} {Path} failed")]
    private partial void LogFailed(Exception exception, string method, string path);

    [LoggerMessage(LogLevel.Warning, "Request {Method} {Path} hit an unavailable database or message bus")]
    private partial void LogUnavailable(Exception exception, string method, string path);

    [LoggerMessage(LogLevel.Information, "Request {Method} {Path} was rejected with {Status}")]
    private partial void LogRejected(Exception exception, string method, string path, int status);
}
