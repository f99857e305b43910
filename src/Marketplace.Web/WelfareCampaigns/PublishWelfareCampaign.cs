using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Welfare;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.WelfareCampaigns;

/// <summary>A festival campaign: the selection, each employee's allowance, the choosing deadline and the workplace it is delivered to.</summary>
public sealed record PublishWelfareCampaignRequest(
    string? Name, long? AllowanceFen, DateTimeOffset? Deadline, string? DeliveryLabel, AddressInput? Address, LeftoverRule? LeftoverRule,
    IReadOnlyList<Guid>? SkuIds, Guid? ProgrammeId = null);

public enum PublishFailure
{
    None,
    UnitNotFound,
    UnavailableSkus,

    /// <summary>Unspent allowance is to stay in a programme that is not the unit's, has expired, or ends before the deadline.</summary>
    ProgrammeInvalid,
}

public sealed record PublishOutcome(PublishFailure Failure, WelfareCampaign? Campaign = null, IReadOnlyList<Guid>? Unavailable = null);

internal sealed class PublishWelfareCampaignRequestValidator : AbstractValidator<PublishWelfareCampaignRequest>
{
    public PublishWelfareCampaignRequestValidator(IStringLocalizer<SharedResource> l, IValidator<AddressInput> address, TimeProvider clock)
    {
        RuleFor(r => r.Name).Required(l, "WelfareCampaign.Name").MaximumLength(WelfareCampaign.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["WelfareCampaign.Name"], WelfareCampaign.NameMaxLength]);
        RuleFor(r => r.AllowanceFen).NotNull().WithMessage(_ => l["Validation.Required", l["WelfareCampaign.Allowance"]])
            .InclusiveBetween(1, WelfareProgramme.MaxAmountPerEmployeeFen)
            .WithMessage(_ => l["Validation.Range", l["WelfareCampaign.Allowance"], Money.Format(1), Money.Format(WelfareProgramme.MaxAmountPerEmployeeFen)]);
        RuleFor(r => r.Deadline).NotNull().WithMessage(_ => l["Validation.Required", l["WelfareCampaign.Deadline"]])
            .Must(d => d > clock.GetUtcNow()).WithMessage(_ => l["WelfareCampaign.DeadlinePast"]);
        RuleFor(r => r.DeliveryLabel).Required(l, "WelfareCampaign.DeliveryLabel").MaximumLength(OrderDelivery.LabelMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["WelfareCampaign.DeliveryLabel"], OrderDelivery.LabelMaxLength]);
        RuleFor(r => r.Address).NotNull().WithMessage(_ => l["Validation.Required", l["Address.Title"]]);
        RuleFor(r => r.Address!).SetValidator(address).When(r => r.Address is not null);
        RuleFor(r => r.LeftoverRule).IsInEnum().WithMessage(_ => l["WelfareCampaign.LeftoverInvalid"]);
        RuleFor(r => r.ProgrammeId).NotNull().When(r => r.LeftoverRule == LeftoverRule.StaysInWallet)
            .WithMessage(_ => l["WelfareCampaign.ProgrammeRequired"]);
        RuleFor(r => r.SkuIds).NotEmpty().WithMessage(_ => l["WelfareCampaign.NoItems"])
            .Must(s => s is null || (s.Count <= WelfareCampaign.MaxItems && s.Distinct().Count() == s.Count && !s.Contains(Guid.Empty)))
            .WithMessage(_ => l["WelfareCampaign.ItemsInvalid", WelfareCampaign.MaxItems]);
    }
}

/// <summary>A unit admin or finance publishes a campaign for their unit; only SKUs on the storefront may be in the selection.</summary>
public sealed class PublishWelfareCampaign(MarketplaceDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<PublishOutcome> HandleAsync(Guid unitId, PublishWelfareCampaignRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == unitId && o.Kind == OrganizationKind.MemberUnit, cancellationToken))
        {
            return new(PublishFailure.UnitNotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var catalog = await OrderCatalog.LoadAsync(db, request.SkuIds!, now, cancellationToken);
        var unavailable = request.SkuIds!.Where(id => catalog.Check(id, new Dictionary<Guid, int>()) is LineRejection.UnknownSku or LineRejection.Unavailable).ToList();
        if (unavailable.Count > 0)
        {
            return new(PublishFailure.UnavailableSkus, Unavailable: unavailable);
        }

        var rule = request.LeftoverRule ?? LeftoverRule.Lapses;
        var deadline = request.Deadline!.Value.UtcDateTime;
        WelfareProgramme? programme = null;
        if (rule == LeftoverRule.StaysInWallet)
        {
            programme = await db.WelfareProgrammes.SingleOrDefaultAsync(p => p.Id == request.ProgrammeId && p.UnitId == unitId, cancellationToken);
            if (programme is null || programme.Status != WelfareProgrammeStatus.Active || programme.ExpiresAt <= deadline)
            {
                return new(PublishFailure.ProgrammeInvalid);
            }
        }

        var actor = AuditActors.Of(context);
        var campaign = WelfareCampaign.Publish(
            unitId, request.Name!.Trim(), request.AllowanceFen!.Value, deadline, request.DeliveryLabel!.Trim(),
            request.Address!.ToAddress(), rule, request.SkuIds!, actor.UserId!.Value, now, programme);
        db.WelfareCampaigns.Add(campaign);
        audit.Append(actor, AuditActions.WelfareCampaignPublished, AuditSubjects.WelfareCampaign, campaign.Id.ToString(),
            new { unitId, campaign.Name, campaign.AllowanceFen, campaign.Deadline, items = campaign.Items.Count, campaign.LeftoverRule, campaign.ProgrammeId });
        await db.SaveChangesAsync(cancellationToken);
        return new(PublishFailure.None, campaign);
    }
}
