using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Suppliers;

/// <summary>A supplier declares its benefit linkage (利益联结); without an effective date it applies from today (China date).</summary>
public sealed record DeclareBenefitLinkageRequest(
    BenefitMechanism? Mechanism,
    string? Description,
    int? Households,
    int? People,
    int? PovertyAlleviatedPeople,
    int? DisabledPeople,
    DateOnly? EffectiveFrom);

public sealed record BenefitLinkageResponse(
    Guid Id,
    BenefitMechanism Mechanism,
    string Description,
    int Households,
    int People,
    int PovertyAlleviatedPeople,
    int DisabledPeople,
    DateOnly EffectiveFrom,
    DateTime DeclaredAt)
{
    public static BenefitLinkageResponse Of(BenefitLinkage b) =>
        new(b.Id, b.Mechanism, b.Description, b.Households, b.People, b.PovertyAlleviatedPeople, b.DisabledPeople, b.EffectiveFrom, b.DeclaredAt);
}

/// <summary>The declaration in force (the latest by effective date, then by declaration) and the history, newest first.</summary>
public sealed record BenefitLinkageHistory(BenefitLinkageResponse? Current, IReadOnlyList<BenefitLinkageResponse> History);

internal sealed class DeclareBenefitLinkageRequestValidator : AbstractValidator<DeclareBenefitLinkageRequest>
{
    public DeclareBenefitLinkageRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Mechanism).NotNull().WithMessage(_ => l["Validation.Required", l["Linkage.Mechanism"]]).IsInEnum();
        RuleFor(r => r.Description).MaximumLength(BenefitLinkage.DescriptionMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Linkage.Description"], BenefitLinkage.DescriptionMaxLength]);
        RuleFor(r => r.Households).NotNull().WithMessage(_ => l["Validation.Required", l["Linkage.Households"]])
            .GreaterThanOrEqualTo(0).WithMessage(_ => l["Validation.NotNegative", l["Linkage.Households"]]);
        RuleFor(r => r.People).NotNull().WithMessage(_ => l["Validation.Required", l["Linkage.People"]])
            .GreaterThanOrEqualTo(0).WithMessage(_ => l["Validation.NotNegative", l["Linkage.People"]])
            .Must((r, v) => v is not { } people || r.Households is not { } households || people >= households).WithMessage(_ => l["Linkage.PeopleBelowHouseholds"]);
        RuleFor(r => r.PovertyAlleviatedPeople).NotNull().WithMessage(_ => l["Validation.Required", l["Linkage.PovertyAlleviated"]])
            .GreaterThanOrEqualTo(0).WithMessage(_ => l["Validation.NotNegative", l["Linkage.PovertyAlleviated"]])
            .Must((r, v) => v is not { } count || r.People is not { } people || count <= people).WithMessage(_ => l["Linkage.MoreThanPeople", l["Linkage.PovertyAlleviated"]]);
        RuleFor(r => r.DisabledPeople).NotNull().WithMessage(_ => l["Validation.Required", l["Linkage.Disabled"]])
            .GreaterThanOrEqualTo(0).WithMessage(_ => l["Validation.NotNegative", l["Linkage.Disabled"]])
            .Must((r, v) => v is not { } count || r.People is not { } people || count <= people).WithMessage(_ => l["Linkage.MoreThanPeople", l["Linkage.Disabled"]]);
    }
}

/// <summary>Adds a declaration (never edits one) with its audit entry; reads the history.</summary>
public sealed class DeclareBenefitLinkage(MarketplaceDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<BenefitLinkageResponse?> HandleAsync(Guid supplierId, DeclareBenefitLinkageRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == supplierId && o.Kind == OrganizationKind.Supplier, cancellationToken))
        {
            return null;
        }

        var actor = AuditActors.Of(context);
        var now = clock.GetUtcNow().UtcDateTime;
        var linkage = BenefitLinkage.Declare(
            supplierId, request.Mechanism!.Value, request.Description, request.Households!.Value, request.People!.Value,
            request.PovertyAlleviatedPeople!.Value, request.DisabledPeople!.Value, request.EffectiveFrom ?? ChinaCalendar.DateOf(now), actor.UserId!.Value, now);
        db.BenefitLinkages.Add(linkage);
        audit.Append(actor, AuditActions.BenefitLinkageDeclared, AuditSubjects.Organization, supplierId.ToString(), new
        {
            linkageId = linkage.Id,
            mechanism = linkage.Mechanism.ToString(),
            linkage.Households,
            linkage.People,
            linkage.PovertyAlleviatedPeople,
            linkage.DisabledPeople,
            linkage.EffectiveFrom,
        });
        await db.SaveChangesAsync(cancellationToken);
        return BenefitLinkageResponse.Of(linkage);
    }

    public async Task<BenefitLinkageHistory?> HistoryAsync(Guid supplierId, CancellationToken cancellationToken = default)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == supplierId && o.Kind == OrganizationKind.Supplier, cancellationToken))
        {
            return null;
        }

        var rows = await db.BenefitLinkages.AsNoTracking().Where(b => b.SupplierId == supplierId).ToListAsync(cancellationToken);
        var today = ChinaCalendar.Today(clock);
        var ordered = rows.OrderByDescending(b => b.EffectiveFrom).ThenByDescending(b => b.DeclaredAt).Select(BenefitLinkageResponse.Of).ToList();
        return new(ordered.FirstOrDefault(b => b.EffectiveFrom <= today), ordered);
    }
}
