using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.AssistedAreas;

/// <summary>The last day the unit assists the county (inclusive).</summary>
public sealed record EndCountyAssignmentRequest(DateOnly? ValidTo);

internal sealed class EndCountyAssignmentRequestValidator : AbstractValidator<EndCountyAssignmentRequest>
{
    public EndCountyAssignmentRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.ValidTo).NotNull().WithMessage(_ => l["Validation.Required", l["Review.ValidTo"]]);
}

/// <summary>An operator ends an assignment: it keeps its row, with an end date no earlier than its start.</summary>
public sealed class EndCountyAssignment(MarketplaceDbContext db, AuditLog audit, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<(AssignOutcome Outcome, string? Error)> HandleAsync(
        string code, Guid assignmentId, EndCountyAssignmentRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var assignment = await db.UnitCountyAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.CountyCode == code, cancellationToken);
        if (assignment is null)
        {
            return (new(null, AssignFailure.AssignmentNotFound), null);
        }

        try
        {
            assignment.End(request.ValidTo!.Value);
        }
        catch (OrganizationRuleException)
        {
            return (new(null, AssignFailure.None), l["Validation.DatesOrdered"]);
        }

        audit.Append(AuditActors.Of(context), AuditActions.CountyAssignmentEnded, AuditSubjects.County, code,
            new { assignmentId, assignment.ValidTo });
        await db.SaveChangesAsync(cancellationToken);
        var unitName = await db.Organizations.Where(o => o.Id == assignment.UnitId).Select(o => o.Name).SingleAsync(cancellationToken);
        return (new(ListCounties.AssignmentResponse(assignment, unitName, ChinaCalendar.Today(clock)), AssignFailure.None), null);
    }
}
