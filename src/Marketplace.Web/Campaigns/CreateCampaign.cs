using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Campaigns;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Campaigns;

/// <summary>A new campaign: its code (in its link, /c/{code}), name, kind, China-time days, cookie lifetime and landing listing.</summary>
public sealed record CreateCampaignRequest(
    string? Code, string? Name, CampaignKind? Kind, DateOnly? StartsOn, DateOnly? EndsOn, int? CookieDays, Guid? LandingListingId);

internal sealed class CreateCampaignRequestValidator : AbstractValidator<CreateCampaignRequest>
{
    public CreateCampaignRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Code).NotEmpty().WithMessage(_ => l["Validation.Required", l["Campaign.Code"]])
            .Must(c => c is null || Campaign.CodePattern().IsMatch(c)).WithMessage(_ => l["Order.CampaignInvalid"]);
        RuleFor(r => r.Name).NotEmpty().WithMessage(_ => l["Validation.Required", l["Campaign.Name"]])
            .Must(n => n is null || n.Trim().Length <= Campaign.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Campaign.Name"], Campaign.NameMaxLength]);
        RuleFor(r => r.Kind).NotNull().WithMessage(_ => l["Validation.Required", l["Campaign.Kind"]]).IsInEnum();
        RuleFor(r => r.StartsOn).NotNull().WithMessage(_ => l["Validation.Required", l["Campaign.StartsOn"]]);
        RuleFor(r => r.EndsOn).NotNull().WithMessage(_ => l["Validation.Required", l["Campaign.EndsOn"]])
            .Must((r, end) => end is not { } e || r.StartsOn is not { } s || e >= s).WithMessage(_ => l["Validation.DatesOrdered"]);
        RuleFor(r => r.CookieDays).NotNull().WithMessage(_ => l["Validation.Required", l["Campaign.CookieDays"]])
            .InclusiveBetween(1, Campaign.MaxCookieDays).WithMessage(_ => l["Campaign.CookieDaysRange", Campaign.MaxCookieDays]);
    }
}

public enum CreateCampaignFailure
{
    None,
    CodeInUse,
    UnknownListing,
}

/// <summary>An operator creates a campaign; the code is unique ignoring case, the landing listing must be on sale.</summary>
public sealed class CreateCampaign(MarketplaceDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<(Campaign? Campaign, CreateCampaignFailure Failure)> HandleAsync(CreateCampaignRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var code = request.Code!.Trim();
        var normalized = Campaign.Normalize(code);
        if (await db.Campaigns.AnyAsync(c => c.NormalizedCode == normalized, cancellationToken))
        {
            return (null, CreateCampaignFailure.CodeInUse);
        }

        if (request.LandingListingId is { } listingId
            && !await db.Listings.AnyAsync(l => l.Id == listingId && l.Status == ListingStatus.Published, cancellationToken))
        {
            return (null, CreateCampaignFailure.UnknownListing);
        }

        var actor = AuditActors.Of(context);
        var campaign = Campaign.Create(code, request.Name!, request.Kind!.Value, request.StartsOn!.Value, request.EndsOn!.Value, request.CookieDays!.Value,
            request.LandingListingId, actor.UserId!.Value, clock.GetUtcNow().UtcDateTime);
        db.Campaigns.Add(campaign);
        audit.Append(actor, AuditActions.CampaignCreated, AuditSubjects.Campaign, campaign.Code, new
        {
            campaign.Name, kind = campaign.Kind.ToString(), campaign.StartsOn, campaign.EndsOn, campaign.CookieDays, campaign.LandingListingId,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (null, CreateCampaignFailure.CodeInUse);
        }

        return (campaign, CreateCampaignFailure.None);
    }
}
