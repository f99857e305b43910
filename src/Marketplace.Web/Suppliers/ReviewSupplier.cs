using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Suppliers;

/// <summary>What an operator decides about a supplier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    Approve,
    Reject,
    Suspend,
    Reinstate,
}

/// <summary>An operator's decision: approve needs the validity dates; reject and suspend need a reason.</summary>
public sealed record ReviewSupplierRequest(ReviewDecision? Decision, DateOnly? ValidFrom, DateOnly? ValidTo, string? Reason);

public enum ReviewFailure
{
    None,
    NotFound,
    UnknownCounty,
    NotAllowed,
}

public sealed record ReviewOutcome(SupplierSummary? Supplier, ReviewFailure Failure, string? Detail);

internal sealed class ReviewSupplierRequestValidator : AbstractValidator<ReviewSupplierRequest>
{
    public ReviewSupplierRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Decision).NotNull().WithMessage(_ => l["Validation.Required", l["Review.Decision"]]).IsInEnum();
        When(r => r.Decision == ReviewDecision.Approve, () =>
        {
            RuleFor(r => r.ValidFrom).NotNull().WithMessage(_ => l["Validation.Required", l["Review.ValidFrom"]]);
            RuleFor(r => r.ValidTo).NotNull().WithMessage(_ => l["Validation.Required", l["Review.ValidTo"]])
                .Must((r, to) => to is not { } end || r.ValidFrom is not { } start || end >= start).WithMessage(_ => l["Validation.DatesOrdered"]);
        });
        When(r => r.Decision is ReviewDecision.Reject or ReviewDecision.Suspend, () =>
            RuleFor(r => r.Reason).Required(l, "Review.Reason").MaximumLength(SupplierApplication.ReasonMaxLength)
                .WithMessage(_ => l["Validation.MaxLength", l["Review.Reason"], SupplierApplication.ReasonMaxLength]));
    }
}

/// <summary>
/// An operator approves, rejects, suspends or reinstates a supplier. Approval requires the registered county to be a
/// known county. Each decision and its audit entry are saved together.
/// </summary>
public sealed class ReviewSupplier(MarketplaceDbContext db, AuditLog audit, ListSuppliers list, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<ReviewOutcome> HandleAsync(Guid supplierId, ReviewSupplierRequest request, HttpContext context, CancellationToken cancellationToken = default)
    {
        var application = await db.SupplierApplications.SingleOrDefaultAsync(a => a.OrganizationId == supplierId, cancellationToken);
        if (application is null)
        {
            return new(null, ReviewFailure.NotFound, null);
        }

        if (request.Decision is ReviewDecision.Approve or ReviewDecision.Reinstate
            && !await db.Counties.AnyAsync(c => c.Code == application.CountyCode, cancellationToken))
        {
            return new(null, ReviewFailure.UnknownCounty, l["County.Unknown", application.CountyCode]);
        }

        var actor = AuditActors.Of(context);
        var now = clock.GetUtcNow().UtcDateTime;
        string action;
        try
        {
            switch (request.Decision)
            {
                case ReviewDecision.Approve:
                    application.Approve(request.ValidFrom!.Value, request.ValidTo!.Value, actor.UserId!.Value, now);
                    action = AuditActions.SupplierApproved;
                    break;
                case ReviewDecision.Reject:
                    application.Reject(request.Reason!, actor.UserId!.Value, now);
                    action = AuditActions.SupplierRejected;
                    break;
                case ReviewDecision.Suspend:
                    application.Suspend(request.Reason!, actor.UserId!.Value, now);
                    action = AuditActions.SupplierSuspended;
                    break;
                default:
                    application.Reinstate(actor.UserId!.Value, now);
                    action = AuditActions.SupplierReinstated;
                    break;
            }
        }
        catch (CertificationRuleException)
        {
            return new(null, ReviewFailure.NotAllowed, l["Review.NotAllowed", l["Review.Decision." + request.Decision], l["Certification." + application.Status]]);
        }

        audit.Append(actor, action, AuditSubjects.Organization, supplierId.ToString(), new
        {
            applicationId = application.Id,
            status = application.Status.ToString(),
            validFrom = application.ValidFrom,
            validTo = application.ValidTo,
            reason = application.DecisionReason,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new(await list.FindAsync(supplierId, cancellationToken), ReviewFailure.None, null);
    }
}
