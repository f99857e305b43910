using FluentValidation;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.AssistedAreas;

/// <summary>A member unit assists the county from <see cref="ValidFrom"/> to <see cref="ValidTo"/> (inclusive; none: open-ended).</summary>
public sealed record AssignCountyRequest(Guid? UnitId, AssistanceType? AssistanceType, DateOnly? ValidFrom, DateOnly? ValidTo);

public enum AssignFailure
{
    None,
    CountyNotFound,
    UnitNotFound,
    AssignmentNotFound,
}

public sealed record AssignOutcome(CountyAssignmentResponse? Assignment, AssignFailure Failure);

internal sealed class AssignCountyRequestValidator : AbstractValidator<AssignCountyRequest>
{
    public AssignCountyRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.UnitId).NotNull().WithMessage(_ => l["Validation.Required", l["County.Unit"]]);
        RuleFor(r => r.AssistanceType).NotNull().WithMessage(_ => l["Validation.Required", l["County.AssistanceType"]]).IsInEnum();
        RuleFor(r => r.ValidFrom).NotNull().WithMessage(_ => l["Validation.Required", l["Review.ValidFrom"]]);
        RuleFor(r => r.ValidTo).Must((r, to) => to is not { } end || r.ValidFrom is not { } start || end >= start)
            .WithMessage(_ => l["Validation.DatesOrdered"]);
    }
}

/// <summary>An operator records that a member unit assists a county, with dates.</summary>
public sealed class AssignCounty(MarketplaceDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<AssignOutcome> HandleAsync(string code, AssignCountyRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var county = await db.Counties.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (county is null)
        {
            return new(null, AssignFailure.CountyNotFound);
        }

        var unit = await db.Organizations.SingleOrDefaultAsync(o => o.Id == request.UnitId && o.Kind == OrganizationKind.MemberUnit, cancellationToken);
        if (unit is null)
        {
            return new(null, AssignFailure.UnitNotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var assignment = UnitCountyAssignment.Create(unit, county, request.AssistanceType!.Value, request.ValidFrom!.Value, request.ValidTo, now);
        db.UnitCountyAssignments.Add(assignment);
        audit.Append(AuditActors.Of(context), AuditActions.CountyAssigned, AuditSubjects.County, code, new
        {
            assignmentId = assignment.Id,
            unitId = unit.Id,
            assistanceType = assignment.AssistanceType.ToString(),
            assignment.ValidFrom,
            assignment.ValidTo,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new(ListCounties.AssignmentResponse(assignment, unit.Name, ChinaCalendar.DateOf(now)), AssignFailure.None);
    }
}
