using FluentValidation;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Audit;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Welfare;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Welfare;

/// <summary>A new programme; dates are China days, both inclusive; empty lists mean any assistance product.</summary>
public sealed record CreateWelfareProgrammeRequest(
    string? Name, long? AmountPerEmployeeFen, DateOnly? ValidFrom, DateOnly? ValidUntil,
    IReadOnlyList<string>? CountyCodes, IReadOnlyList<AssistedRegion>? Regions, IReadOnlyList<ProductCategory>? Categories);

public enum CreateProgrammeFailure
{
    None,
    UnitNotFound,
    UnknownCounties,
}

public sealed record CreateProgrammeOutcome(WelfareProgrammeResponse? Programme, CreateProgrammeFailure Failure, IReadOnlyList<string> UnknownCounties);

internal sealed class CreateWelfareProgrammeRequestValidator : AbstractValidator<CreateWelfareProgrammeRequest>
{
    public CreateWelfareProgrammeRequestValidator(IStringLocalizer<SharedResource> l, TimeProvider clock)
    {
        RuleFor(r => r.Name).Required(l, "Welfare.Name").MaximumLength(WelfareProgramme.NameMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Welfare.Name"], WelfareProgramme.NameMaxLength]);
        RuleFor(r => r.AmountPerEmployeeFen).NotNull().WithMessage(_ => l["Validation.Required", l["Welfare.AmountPerEmployee"]])
            .InclusiveBetween(1, WelfareProgramme.MaxAmountPerEmployeeFen)
            .WithMessage(_ => l["Validation.Range", l["Welfare.AmountPerEmployee"], Money.Format(1), Money.Format(WelfareProgramme.MaxAmountPerEmployeeFen)]);
        RuleFor(r => r.ValidFrom).NotNull().WithMessage(_ => l["Validation.Required", l["Welfare.ValidFrom"]]);
        RuleFor(r => r.ValidUntil).NotNull().WithMessage(_ => l["Validation.Required", l["Welfare.ValidUntil"]])
            .GreaterThanOrEqualTo(r => r.ValidFrom).When(r => r.ValidFrom is not null).WithMessage(_ => l["Validation.DatesOrdered"])
            .Must(d => d >= ChinaCalendar.Today(clock)).WithMessage(_ => l["Welfare.AlreadyOver"]);
        RuleFor(r => r.CountyCodes).Must(c => c is null || c.Count <= WelfareEligibility.MaxItems).WithMessage(_ => l["Welfare.TooMany", WelfareEligibility.MaxItems]);
        RuleForEach(r => r.CountyCodes).Must(County.IsWellFormedCode).WithMessage((_, code) => l["Welfare.UnknownCounty", code ?? ""]);
        RuleFor(r => r.Regions).Must(c => c is null || c.Count <= WelfareEligibility.MaxItems).WithMessage(_ => l["Welfare.TooMany", WelfareEligibility.MaxItems]);
        RuleForEach(r => r.Regions).IsInEnum().WithMessage(_ => l["Welfare.UnknownRegion"]);
        RuleFor(r => r.Categories).Must(c => c is null || c.Count <= WelfareEligibility.MaxItems).WithMessage(_ => l["Welfare.TooMany", WelfareEligibility.MaxItems]);
        RuleForEach(r => r.Categories).IsInEnum().WithMessage(_ => l["Welfare.UnknownCategory"]);
    }
}

/// <summary>A unit admin or finance creates a programme for their unit; the programme and its audit entry are saved together.</summary>
public sealed class CreateWelfareProgramme(MarketplaceDbContext db, AuditLog audit, WelfareReports reports, TimeProvider clock)
{
    public async Task<CreateProgrammeOutcome> HandleAsync(Guid unitId, CreateWelfareProgrammeRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var unit = await db.Organizations.SingleOrDefaultAsync(o => o.Id == unitId && o.Kind == OrganizationKind.MemberUnit, cancellationToken);
        if (unit is null)
        {
            return new(null, CreateProgrammeFailure.UnitNotFound, []);
        }

        var codes = (request.CountyCodes ?? []).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Counties.Where(c => codes.Contains(c.Code)).Select(c => c.Code).ToListAsync(cancellationToken);
        var unknown = codes.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return new(null, CreateProgrammeFailure.UnknownCounties, unknown);
        }

        var actor = AuditActors.Of(context);
        var programme = WelfareProgramme.Create(
            unit, request.Name!, request.AmountPerEmployeeFen!.Value, request.ValidFrom!.Value, request.ValidUntil!.Value,
            new WelfareEligibility(codes, [.. (request.Regions ?? []).Distinct()], [.. (request.Categories ?? []).Distinct()]),
            actor.UserId!.Value, clock.GetUtcNow().UtcDateTime);
        db.WelfareProgrammes.Add(programme);
        audit.Append(actor, AuditActions.WelfareProgrammeCreated, AuditSubjects.WelfareProgramme, programme.Id.ToString(),
            new { unitId, programme.Name, programme.AmountPerEmployeeFen, validFrom = programme.ValidFrom, validUntil = programme.ValidUntil });
        await db.SaveChangesAsync(cancellationToken);
        return new((await reports.ProgrammeAsync(unitId, programme.Id, cancellationToken))!, CreateProgrammeFailure.None, []);
    }
}
