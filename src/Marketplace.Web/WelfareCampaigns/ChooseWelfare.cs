using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.WelfareCampaigns;

/// <summary>An employee's whole choice (it replaces the earlier one); no items withdraws it. Department is for the packing list.</summary>
public sealed record ChooseWelfareRequest(IReadOnlyList<ChosenItem>? Items, string? Department);

internal sealed class ChooseWelfareRequestValidator : AbstractValidator<ChooseWelfareRequest>
{
    public ChooseWelfareRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Items).NotNull().WithMessage(_ => l["WelfareCampaign.NoChoice"])
            .Must(i => i is null || (i.Count <= WelfareCampaign.MaxItems && i.Select(x => x.SkuId).Distinct().Count() == i.Count))
            .WithMessage(_ => l["WelfareCampaign.ItemsInvalid", WelfareCampaign.MaxItems]);
        RuleForEach(r => r.Items).ChildRules(item => item.RuleFor(x => x.Quantity).InclusiveBetween(1, WelfareChoices.MaxQuantityPerItem)
            .WithMessage(_ => l["Order.QuantityRange", WelfareChoices.MaxQuantityPerItem]));
        RuleFor(r => r.Department).MaximumLength(RosterEntry.DepartmentMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["WelfareCampaign.Department"], RosterEntry.DepartmentMaxLength]);
    }
}

/// <summary>The signed-in employee chooses in a campaign of their own unit, under the name their account carries.</summary>
public sealed class ChooseWelfare(WelfareChoices choices, MarketplaceDbContext db)
{
    public async Task<ChoiceOutcome> HandleAsync(Guid campaignId, ChooseWelfareRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var user = context.User;
        if (!user.IsMemberOf(OrganizationKind.MemberUnit) || AuditActors.UserId(user) is not { } userId)
        {
            return new(ChoiceFailure.NotFound);
        }

        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        return await choices.ChooseAsync(
            campaignId, user.GetOrganizationId()!.Value, userId, name.Length > RosterEntry.NameMaxLength ? name[..RosterEntry.NameMaxLength] : name,
            request.Department?.Trim() ?? "", request.Items!, cancellationToken);
    }
}
