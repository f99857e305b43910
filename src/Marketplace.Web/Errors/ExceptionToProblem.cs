using Marketplace.Core.Data;
using MassTransit;
using RabbitMQ.Client.Exceptions;

namespace Marketplace.Web.Errors;

/// <summary>How an exception that escaped a request is answered.</summary>
public readonly record struct ExceptionProblem(ProblemType Type, int Status, string? Detail, TimeSpan? RetryAfter);

public static class ExceptionToProblem
{
    /// <summary>Long enough for a database or broker to come back, short enough for a person who retries.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public const string UnavailableDetail =
        "数据库或消息服务暂时无法连接，请稍后重试。 / The database or message bus cannot be reached right now; please retry shortly.";

    /// <summary>
    /// An outage of the database or the bus is the client's cue to retry (503 with Retry-After); a malformed
    /// request is theirs to fix (4xx); anything else is ours (500). Messages and stack traces never leave the server.
    /// </summary>
    public static ExceptionProblem Map(Exception exception)
    {
        // First: a body that arrives too slowly times out, and that is the client's problem, not an outage.
        if (exception is BadHttpRequestException badRequest)
        {
            return new(Problems.ForStatus(badRequest.StatusCode), badRequest.StatusCode, Describe(badRequest), null);
        }

        if (DatabaseOutage.IsCause(exception) || DatabaseOutage.CausesOf(exception).Any(IsBrokerOutage))
        {
            return new(Problems.ServiceUnavailable, StatusCodes.Status503ServiceUnavailable, UnavailableDetail, RetryAfter);
        }

        return new(Problems.InternalError, StatusCodes.Status500InternalServerError, null, null);
    }

    /// <summary>What could not be read, in both languages; the JSON path when the body was at fault, never a stack trace.</summary>
    private static string? Describe(BadHttpRequestException badRequest) => badRequest switch
    {
        { StatusCode: not StatusCodes.Status400BadRequest } => null,
        { InnerException: System.Text.Json.JsonException { Path: { Length: > 0 } path } } =>
            $"请求体在 {path} 处无法读取：不是有效的 JSON，或类型、取值不对。 / The body cannot be read at {path}: not valid JSON, or a wrong type or value.",
        { InnerException: System.Text.Json.JsonException } =>
            "请求体不是有效的 JSON。 / The body is not valid JSON.",
        _ when badRequest.Message.Contains("body", StringComparison.OrdinalIgnoreCase) =>
            "缺少请求体，或其内容类型不是 application/json。 / The body is missing or is not application/json.",
        _ => "请求参数格式不对（如数字、日期或编号）。 / A parameter has the wrong format (a number, date or id).",
    };

    private static bool IsBrokerOutage(Exception exception) =>
        exception is ConnectionException or BrokerUnreachableException or ConnectFailureException or OperationInterruptedException;
}
