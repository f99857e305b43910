using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

/// <summary>How the ordering endpoints answer an <see cref="OrderChangeOutcome"/>: 404, or 409 with the reason.</summary>
internal static class OrderChangeAnswers
{
    public static Results<NoContent, ProblemHttpResult> NoContentOr(
        OrderChangeOutcome outcome, IStringLocalizer<SharedResource> l, HttpContext context, string notAllowedKey = "Order.NotAllowedNow") =>
        outcome.Failure == OrderChangeFailure.None ? TypedResults.NoContent() : Failure(outcome, l, context, notAllowedKey);

    public static ProblemHttpResult Failure(
        OrderChangeOutcome outcome, IStringLocalizer<SharedResource> l, HttpContext context, string notAllowedKey = "Order.NotAllowedNow") => outcome.Failure switch
    {
        OrderChangeFailure.NotFound => Problem(context, Problems.NotFound, null),
        OrderChangeFailure.Conflict => Problem(context, Problems.Conflict, l["Order.ChangedMeanwhile"]),
        _ => Problem(context, Problems.Conflict, l[notAllowedKey]),
    };

    public static ProblemHttpResult Problem(HttpContext context, ProblemType type, string? detail) =>
        TypedResults.Problem(Problems.Create(context, type, detail: detail));
}
