using FluentValidation;
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

public sealed record RecordPaidBackRequest(string? Reference);

internal sealed class RecordPaidBackRequestValidator : AbstractValidator<RecordPaidBackRequest>
{
    public RecordPaidBackRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Reference).NotEmpty().WithMessage(_ => l["Validation.Required", l["Transfer.Reference"]])
            .MaximumLength(CorporateTransfers.ReferenceMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Transfer.Reference"], CorporateTransfers.ReferenceMaxLength]);
    }
}

/// <summary>对公转账退款: the transfers due back to units, and recording that one was paid back by bank.</summary>
public static class TransferRefundApi
{
    public static IEndpointRouteBuilder MapTransferRefundApi(this IEndpointRouteBuilder endpoints)
    {
        var refunds = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Payments")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        refunds.MapGet("/operator/payments/transfer-refunds", DueAsync).RequireAuthorization(MarketplacePolicies.Operator)
            .WithSummary("待退回单位的对公转账（平台运营） / Corporate transfers due back to their units (operators)");
        refunds.MapPost("/payments/refunds/{refundId:guid}/paid-back", RecordAsync).WithValidation<RecordPaidBackRequest>().RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("登记对公转账已退回（银行流水号）（收款方：平台运营，或按配置由供应商） / Record that a transfer was paid back, with the bank reference (whoever receives transfers: operators, or the supplier as configured)");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<TransferRefundDue>>> DueAsync(TransferRefunds refunds, CancellationToken cancellationToken) =>
        TypedResults.Ok(await refunds.DueAsync(cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RecordAsync(
        Guid refundId, RecordPaidBackRequest request, TransferRefunds refunds, CorporateTransfers transfers, IStringLocalizer<SharedResource> l,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await refunds.PaymentOfAsync(refundId, cancellationToken) is not { } paymentId
            || !await TransferReceivers.ReceivesAsync(context.User, transfers, paymentId, cancellationToken))
        {
            return Problem(context, Problems.NotFound, null);
        }

        return await refunds.RecordPaidBackAsync(refundId, request.Reference!, AuditActors.Of(context), cancellationToken) switch
        {
            TransferFailure.None => TypedResults.NoContent(),
            TransferFailure.NotFound => Problem(context, Problems.NotFound, null),
            TransferFailure.ReferenceUsed => Problem(context, Problems.Conflict, l["Transfer.ReferenceUsed"]),
            _ => Problem(context, Problems.Conflict, l["TransferRefund.NotDue"]),
        };
    }
}
