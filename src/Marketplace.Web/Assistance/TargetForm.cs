using System.Globalization;
using System.Security.Claims;
using FluentValidation;
using Marketplace.Core.Assistance;
using Marketplace.Core.Organizations;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Assistance;

/// <summary>The target form of the operator's and the unit's pages: amounts in yuan, the share in percent.</summary>
public sealed class TargetForm
{
    public Guid? UnitId { get; set; }

    public int Year { get; set; }

    public TargetBasis Basis { get; set; } = TargetBasis.FixedAmount;

    public string? Amount { get; set; }

    public string? Base { get; set; }

    public string? SharePercent { get; set; }

    public List<LedgerChannel> Channels { get; set; } = [.. Enum.GetValues<LedgerChannel>()];

    public List<AssistanceMeasure> Measures { get; set; } = [AssistanceMeasure.DirectPurchase];

    /// <summary>Operators set any unit's target; a unit admin sets those of the units directly below their own.</summary>
    public static bool MaySet(ClaimsPrincipal user, Guid? unitParentId) =>
        user.IsOperator()
        || (user.IsMemberOf(OrganizationKind.MemberUnit) && user.HasOrganizationRole(OrganizationRole.UnitAdmin)
            && unitParentId is { } parent && user.GetOrganizationId() == parent);

    /// <summary>The request, or null with the reasons in <paramref name="modelState"/> (under "Target.*").</summary>
    public async Task<SetUnitTargetRequest?> ToRequestAsync(
        IValidator<SetUnitTargetRequest> validator, IStringLocalizer<SharedResource> l, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var request = new SetUnitTargetRequest(
            Basis, Fen(Amount, nameof(Amount)), Fen(Base, nameof(Base)), BasisPoints(), Channels, Measures);
        if (Year is < SetUnitTargetRequest.MinYear or > SetUnitTargetRequest.MaxYear)
        {
            modelState.AddModelError("Target.Year", l["Target.YearRange", SetUnitTargetRequest.MinYear, SetUnitTargetRequest.MaxYear]);
        }

        foreach (var error in (await validator.ValidateAsync(request, cancellationToken)).Errors)
        {
            var field = error.PropertyName switch
            {
                nameof(SetUnitTargetRequest.AmountFen) => nameof(Amount),
                nameof(SetUnitTargetRequest.BaseFen) => nameof(Base),
                nameof(SetUnitTargetRequest.ShareBasisPoints) => nameof(SharePercent),
                var other => other.Split('[')[0],
            };
            modelState.AddModelError("Target." + field, error.ErrorMessage);
        }

        return modelState.IsValid ? request : null;

        long? Fen(string? yuan, string field)
        {
            if (string.IsNullOrWhiteSpace(yuan))
            {
                return null;
            }

            var fen = Money.ParseYuan(yuan);
            if (fen is null)
            {
                modelState.AddModelError("Target." + field, l["Target.AmountRange"]);
            }

            return fen;
        }

        int? BasisPoints()
        {
            if (string.IsNullOrWhiteSpace(SharePercent))
            {
                return null;
            }

            if (decimal.TryParse(SharePercent.Trim().TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
                && percent * 100 == decimal.Truncate(percent * 100) && percent * 100 <= int.MaxValue)
            {
                return (int)(percent * 100);
            }

            modelState.AddModelError("Target.SharePercent", l["Target.ShareRange"]);
            return null;
        }
    }
}
