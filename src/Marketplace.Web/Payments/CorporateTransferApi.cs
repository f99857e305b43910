using FluentValidation;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

using static Marketplace.Web.Ordering.OrderChangeAnswers;

namespace Marketplace.Web.Payments;

public sealed record RecordTransferRequest(string? Reference, long? AmountFen);

internal sealed class RecordTransferRequestValidator : AbstractValidator<RecordTransferRequest>
{
    public RecordTransferRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Reference).NotEmpty().WithMessage(_ => l["Validation.Required", l["Transfer.Reference"]])
            .MaximumLength(CorporateTransfers.ReferenceMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Transfer.Reference"], CorporateTransfers.ReferenceMaxLength]);
        RuleFor(r => r.AmountFen).NotNull().WithMessage(_ => l["Validation.Required", l["Transfer.Amount"]])
            .GreaterThan(0).WithMessage(_ => l["Transfer.AmountPositive"]);
    }
}

/// <summary>对公转账: unit finance records the transfer of its unit's order; the operator (or the selling supplier, as configured) confirms receipt.</summary>
public static class CorporateTransferApi
{
    public static IEndpointRouteBuilder MapCorporateTransferApi(this IEndpointRouteBuilder endpoints)
    {
        var transfers = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Payments")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        transfers.MapPost("/orders/{orderId:guid}/payments/transfer", RecordAsync).WithValidation<RecordTransferRequest>()
            .RequireAuthorization(MarketplacePolicies.UnitRole(OrganizationRole.UnitFinance))
            .WithSummary("登记对公转账（转账单号与金额）（下单单位的财务） / Record a corporate transfer: bank reference and amount (finance of the ordering unit)");
        transfers.MapPost("/payments/{paymentId:guid}/confirm-receipt", ConfirmAsync).RequireAuthorization()
            .WithSummary("确认对公转账到账，订单随之付清（平台运营，或按配置由供应商） / Confirm a transfer arrived, which settles the order (operators, or the supplier as configured)");
        return endpoints;
    }

    private static async Task<Results<Created<PaymentPartView>, ProblemHttpResult>> RecordAsync(
        Guid orderId, RecordTransferRequest request, CorporateTransfers transfers, OrderPayments payments, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var unit = await transfers.UnitOfAsync(orderId, cancellationToken);
        if (unit is null || unit != context.User.GetOrganizationId())
        {
            return Problem(context, Problems.NotFound, null);
        }

        var outcome = await transfers.RecordAsync(orderId, request.Reference!, request.AmountFen!.Value, AuditActors.Of(context), cancellationToken);
        return outcome.Failure switch
        {
            TransferFailure.None => TypedResults.Created(
                $"{ApiRoutes.Prefix}/orders/{orderId}/payments", (await payments.ForOrderAsync(orderId, cancellationToken)).Single(p => p.Id == outcome.Payment!.Id)),
            TransferFailure.NotFound => Problem(context, Problems.NotFound, null),
            TransferFailure.TooMuch => Problem(context, Problems.Conflict, l["Transfer.TooMuch"]),
            TransferFailure.ReferenceUsed => Problem(context, Problems.Conflict, l["Transfer.ReferenceUsed"]),
            _ => Problem(context, Problems.Conflict, l["Payment.NotPayable"]),
        };
    }

    private static async Task<Results<Ok<PaymentPartView>, ProblemHttpResult>> ConfirmAsync(
        Guid paymentId, CorporateTransfers transfers, OrderPayments payments, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await TransferReceivers.ReceivesAsync(context.User, transfers, paymentId, cancellationToken))
        {
            return Problem(context, Problems.NotFound, null);
        }

        var outcome = await transfers.ConfirmAsync(paymentId, AuditActors.Of(context), cancellationToken);
        return outcome.Failure switch
        {
            TransferFailure.None => TypedResults.Ok((await payments.ForOrderAsync(outcome.Payment!.OrderId, cancellationToken)).Single(p => p.Id == paymentId)),
            TransferFailure.NotFound => Problem(context, Problems.NotFound, null),
            _ => Problem(context, Problems.Conflict, l["Transfer.NotAwaitingReceipt"]),
        };
    }
}
