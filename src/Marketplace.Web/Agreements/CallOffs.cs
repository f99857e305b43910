using Marketplace.Core.Agreements;
using Marketplace.Web.Errors;

namespace Marketplace.Web.Agreements;

/// <summary>A call-off's answer for the API and the page: the order, or the rule that refused it.</summary>
public sealed record CallOffAnswer(CallOffOutcome? Order, AgreementRule? Rule);

public static class CallOffs
{
    public static async Task<CallOffAnswer> TryAsync(AgreementCallOffs callOffs, Guid agreementId, CallOffRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return new CallOffAnswer(await callOffs.CallOffAsync(agreementId, request, cancellationToken), null);
        }
        catch (AgreementRuleException ex)
        {
            return new CallOffAnswer(null, ex.Rule);
        }
    }

    public static ProblemType ProblemOf(AgreementRule rule) => rule switch
    {
        AgreementRule.ExceedsCap => AgreementsApi.CapExceeded,
        AgreementRule.KeyReused => Problems.IdempotencyKeyReused,
        AgreementRule.NotTheBuyer => Problems.Forbidden,
        _ => Problems.Conflict,
    };
}
