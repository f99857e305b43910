using Marketplace.Core.Agreements;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Agreements;

/// <summary>The agreement made, or why not: <see cref="Forbidden"/>, or a field and its message.</summary>
public sealed record CreateAgreementOutcome(ProcurementAgreement? Agreement, bool Forbidden, string? Field, string? Error);

/// <summary>
/// Agrees a validated <see cref="CreateAgreementRequest"/> for the API and the page: a unit's purchasers and admins for
/// their unit, operators for the group or a unit they name; the buyer must be a unit or the group, the other party a supplier.
/// </summary>
public sealed class CreateAgreement(MarketplaceDbContext db, Core.Agreements.Agreements agreements, IStringLocalizer<SharedResource> l)
{
    public async Task<CreateAgreementOutcome> HandleAsync(CreateAgreementRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var user = context.User;
        Guid? buyer = user.IsOperator() ? request.BuyerOrganizationId : AgreementsApi.IsUnitBuyer(user) ? user.GetOrganizationId() : null;
        if (buyer is null || (!user.IsOperator() && request.BuyerOrganizationId is { } named && named != buyer))
        {
            return new(null, true, null, l["Agreement.NotYourUnit"]);
        }

        var kinds = await db.Organizations.Where(o => o.Id == buyer || o.Id == request.SupplierId).ToDictionaryAsync(o => o.Id, o => o.Kind, cancellationToken);
        if (kinds.GetValueOrDefault(buyer.Value) is not (OrganizationKind.MemberUnit or OrganizationKind.Group) || kinds.GetValueOrDefault(request.SupplierId!.Value) != OrganizationKind.Supplier)
        {
            return new(null, false, "supplierId", l["Agreement.PartiesInvalid"]);
        }

        try
        {
            var agreement = await agreements.CreateAsync(
                request.Title!, buyer.Value, request.SupplierId!.Value, request.CapFen!.Value, request.ValidFrom!.Value, request.ValidTo!.Value,
                [.. request.Items!.Select(i => new AgreementItemDraft(i.SkuId!.Value, i.UnitPriceFen!.Value))],
                [.. (request.Deliveries ?? []).Select(d => new AgreementDeliveryDraft(d.DueOn!.Value, d.SkuId!.Value, d.Quantity!.Value))],
                AuditActors.Of(context), cancellationToken);
            return new(agreement, false, null, null);
        }
        catch (AgreementRuleException ex)
        {
            return new(null, false, "agreement", l["Agreement.Rule." + ex.Rule]);
        }
    }
}
