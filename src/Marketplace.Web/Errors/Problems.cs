using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Errors;

/// <summary>
/// Every error the marketplace answers with, as RFC 9457 problem types. The URIs are identifiers that clients
/// may switch on; they never change once published. Titles are bilingual so one answer serves every client.
/// </summary>
public static class Problems
{
    public const string BaseUri = "https://consumption-assistance.example/problems/";

    public const string TraceIdExtension = "traceId";

    public static readonly ProblemType BadRequest = new("bad-request", 400, "请求无效 / Bad request");
    public static readonly ProblemType ValidationFailed = new("validation-failed", 400, "提交的内容有误 / Validation failed");
    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "请先登录 / Sign-in required");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "没有权限 / Forbidden");
    public static readonly ProblemType NotFound = new("not-found", 404, "未找到 / Not found");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "不支持该请求方法 / Method not allowed");
    public static readonly ProblemType Conflict = new("conflict", 409, "与当前状态冲突 / Conflict");
    public static readonly ProblemType IdempotencyKeyReused = new("idempotency-key-reused", 422, "幂等键已用于另一请求 / Idempotency key reused with a different request");
    public static readonly ProblemType PreconditionFailed = new("precondition-failed", 412, "内容已被修改 / Precondition failed");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "请求内容过大 / Payload too large");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "不支持的内容类型 / Unsupported media type");
    public static readonly ProblemType TooManyRequests = new("too-many-requests", 429, "请求过于频繁 / Too many requests");
    public static readonly ProblemType ClientError = new("client-error", 400, "请求无法处理 / Request could not be processed");
    public static readonly ProblemType InternalError = new("internal-error", 500, "服务器内部错误 / Internal server error");
    public static readonly ProblemType ServiceUnavailable = new("service-unavailable", 503, "服务暂时不可用 / Service temporarily unavailable");

    public static ProblemType ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => TooManyRequests,
        503 => ServiceUnavailable,
        >= 400 and < 500 => ClientError,
        _ => InternalError,
    };

    /// <summary>A problem of this type for the current request; <paramref name="status"/> defaults to the type's.</summary>
    public static ProblemDetails Create(HttpContext context, ProblemType type, int? status = null, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Type = type.Uri,
            Title = type.Title,
            Status = status ?? type.Status,
            Detail = detail,
        };
        Complete(problem, context);
        return problem;
    }

    /// <summary>
    /// Gives problems written by the framework (validation, model binding, results without a type) the
    /// marketplace's types and titles, and a trace id on every one.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        if (problem.Type is null || !problem.Type.StartsWith(BaseUri, StringComparison.Ordinal))
        {
            var type = problem is HttpValidationProblemDetails ? ValidationFailed : ForStatus(problem.Status.Value);
            problem.Type = type.Uri;
            problem.Title = type.Title;
        }

        Complete(problem, context.HttpContext);
    }

    private static void Complete(ProblemDetails problem, HttpContext context)
    {
        problem.Instance ??= ErrorResponses.OriginalPath(context).Value;
        // The same id as in the logs and traces, so a reported problem can be found.
        problem.Extensions[TraceIdExtension] = Activity.Current?.Id ?? context.TraceIdentifier;
    }
}
