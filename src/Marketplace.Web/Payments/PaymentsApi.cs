using Marketplace.Core.Payments;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using static Marketplace.Web.Ordering.OrderChangeAnswers;

namespace Marketplace.Web.Payments;

/// <summary>
/// How to pay: with <see cref="UseAllowance"/>, the buyer's welfare allowance pays first — <see cref="AllowanceFen"/> of
/// it, or all it can when left out — and Stripe Checkout (or the test-payment page) the rest. No body: card only.
/// </summary>
public sealed record CheckoutRequest(bool UseAllowance = false, long? AllowanceFen = null);

public static class PaymentsApi
{
    public const string StripeWebhookPath = ApiRoutes.Prefix + "/payments/stripe/webhook";
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>Stripe's events are a few kilobytes; anything far larger is not one.</summary>
    private const int MaxWebhookBytes = 512 * 1024;

    public static readonly ProblemType WebhookRejected = new("webhook-rejected", 400, "Webhook 签名无效或已过期 / Webhook signature invalid or expired");
    public static readonly ProblemType PaymentsUnavailable = new("payments-unavailable", 503, "暂不能在线支付 / Online payment is not available");
    public static readonly ProblemType AllowanceUnavailable = new("allowance-unavailable", 422, "福利额度不能支付此订单 / The welfare allowance cannot pay this order");

    public static IServiceCollection AddMarketplacePaymentsWeb(this IServiceCollection services)
    {
        services.AddScoped<StartCheckout>();
        services.AddScoped<OrderPayments>();
        services.AddScoped<CorporateTransfers>();
        services.AddScoped<TransferRefunds>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplacePaymentsApi(this IEndpointRouteBuilder endpoints)
    {
        var payments = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Payments");
        // Anonymous by design: Stripe calls it without a session; the signature (Stripe.net, tolerance enforced) is the authentication.
        payments.MapPost("/payments/stripe/webhook", WebhookAsync).AllowAnonymous().DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Stripe Webhook（按签名验证，匿名） / Stripe's webhook: verified by its signature, anonymous by design");
        payments.MapPost("/orders/{orderId:guid}/payments/checkout", CheckoutAsync).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable).ProducesValidationProblem()
            .Produces<CheckoutPaid>(StatusCodes.Status200OK)
            .WithSummary("支付订单的待付金额：可先用福利额度，余额走 Stripe Checkout 或测试支付页（下单人） / Pay what is due: the welfare allowance first if asked, then a Stripe Checkout page, or the test-payment page without Stripe keys (its buyer)");
        payments.MapGet("/orders/{orderId:guid}/payments", ListAsync).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("订单的支付与退款（下单人与平台运营） / An order's payment parts and refunds (its buyer and operators)");
        endpoints.MapPaymentReconciliationApi();
        endpoints.MapCorporateTransferApi();
        endpoints.MapTransferRefundApi();
        endpoints.MapUnitStatementsApi();
        return endpoints;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> WebhookAsync(HttpContext context, StripeWebhook webhook, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxWebhookBytes)
        {
            return Problem(context, Problems.PayloadTooLarge, null);
        }

        using var reader = new StreamReader(context.Request.Body);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        try
        {
            return await webhook.HandleAsync(payload, context.Request.Headers[SignatureHeader].ToString(), cancellationToken) == WebhookOutcome.Rejected
                ? Problem(context, WebhookRejected, l["Payment.WebhookRejected"])
                : TypedResults.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another notice about the same payment won the race; Stripe sends this one again.
            return Problem(context, Problems.Conflict, l["Order.ChangedMeanwhile"]);
        }
    }

    private static async Task<Results<Created<CheckoutStarted>, Ok<CheckoutPaid>, ValidationProblem, ProblemHttpResult>> CheckoutAsync(
        Guid orderId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CheckoutRequest? request, StartCheckout handler, IStringLocalizer<SharedResource> l,
        HttpContext context, CancellationToken cancellationToken)
    {
        var buyerId = AuditActors.UserId(context.User)!.Value;
        var allowanceFen = 0L;
        if (request is { UseAllowance: false, AllowanceFen: not null })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["allowanceFen"] = [l["Payment.AllowanceNotAsked"]] });
        }

        if (request is { UseAllowance: true })
        {
            var choice = await handler.ChooseAllowanceAsync(orderId, buyerId, request.AllowanceFen, cancellationToken);
            if (choice.Failure == CheckoutFailure.AllowanceOutOfRange)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["allowanceFen"] = [l["OrderPage.AllowanceFormat", Money.Format(choice.QuoteFen)]] });
            }

            if (choice.Failure != CheckoutFailure.None)
            {
                return Refused(context, choice.Failure, l);
            }

            allowanceFen = choice.SpendFen;
        }

        var outcome = await handler.HandleAsync(orderId, buyerId, SiteBaseUrl(context.Request), allowanceFen, cancellationToken);
        return outcome switch
        {
            { Failure: CheckoutFailure.None, Started: { } started } => TypedResults.Created($"{ApiRoutes.Prefix}/orders/{orderId}/payments", started),
            { Failure: CheckoutFailure.None } => TypedResults.Ok(new CheckoutPaid(outcome.AllowanceFen)),
            _ => Refused(context, outcome.Failure, l),
        };
    }

    private static ProblemHttpResult Refused(HttpContext context, CheckoutFailure failure, IStringLocalizer<SharedResource> l) => failure switch
    {
        CheckoutFailure.NotFound => Problem(context, Problems.NotFound, null),
        CheckoutFailure.NotConfigured => Problem(context, PaymentsUnavailable, l["Payment.NotConfigured"]),
        CheckoutFailure.NothingDue => Problem(context, Problems.Conflict, l["Payment.NothingDue"]),
        CheckoutFailure.NoAllowance => Problem(context, AllowanceUnavailable, l["Payment.NoAllowance"]),
        _ => Problem(context, Problems.Conflict, l["Payment.NotPayable"]),
    };

    private static async Task<Results<Ok<IReadOnlyList<PaymentPartView>>, ProblemHttpResult>> ListAsync(
        Guid orderId, OrderPayments payments, OrderViews views, HttpContext context, CancellationToken cancellationToken) =>
        context.User.IsOperator() || await views.IsBuyerAsync(orderId, AuditActors.UserId(context.User), cancellationToken)
            ? TypedResults.Ok(await payments.ForOrderAsync(orderId, cancellationToken))
            : Problem(context, Problems.NotFound, null);

    public static string SiteBaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
