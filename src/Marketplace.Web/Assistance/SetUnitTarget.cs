using FluentValidation;
using Marketplace.Core.Assistance;
using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Assistance;

/// <summary>
/// A unit's target for a year: a fixed amount (<see cref="AmountFen"/>) or a share of a base (<see cref="BaseFen"/> ×
/// <see cref="ShareBasisPoints"/>/10000), and the ledger channels and measures that count toward it.
/// </summary>
public sealed record SetUnitTargetRequest(
    TargetBasis? Basis, long? AmountFen, long? BaseFen, int? ShareBasisPoints,
    IReadOnlyList<LedgerChannel>? Channels, IReadOnlyList<AssistanceMeasure>? Measures)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public TargetRule ToRule() => new(Basis!.Value, AmountFen, BaseFen, ShareBasisPoints, [.. Channels!.Distinct()], [.. Measures!.Distinct()]);
}

internal sealed class SetUnitTargetRequestValidator : AbstractValidator<SetUnitTargetRequest>
{
    public SetUnitTargetRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Basis).NotNull().WithMessage(_ => l["Validation.Required", l["Target.Basis"]]).IsInEnum().WithMessage(_ => l["Target.BasisInvalid"]);
        RuleFor(r => r.AmountFen).NotNull().WithMessage(_ => l["Validation.Required", l["Target.Amount"]])
            .InclusiveBetween(1, TargetRule.MaxFen).WithMessage(_ => l["Target.AmountRange"])
            .When(r => r.Basis == TargetBasis.FixedAmount);
        RuleFor(r => r.BaseFen).NotNull().WithMessage(_ => l["Validation.Required", l["Target.Base"]])
            .InclusiveBetween(1, TargetRule.MaxFen).WithMessage(_ => l["Target.AmountRange"])
            .When(r => r.Basis == TargetBasis.ShareOfBase);
        RuleFor(r => r.ShareBasisPoints).NotNull().WithMessage(_ => l["Validation.Required", l["Target.Share"]])
            .InclusiveBetween(1, TargetRule.MaxBasisPoints).WithMessage(_ => l["Target.ShareRange"])
            .When(r => r.Basis == TargetBasis.ShareOfBase);
        RuleFor(r => r.Channels).NotEmpty().WithMessage(_ => l["Target.ChannelsRequired"]);
        RuleForEach(r => r.Channels).IsInEnum().WithMessage(_ => l["Target.ChannelsRequired"]);
        RuleFor(r => r.Measures).NotEmpty().WithMessage(_ => l["Target.MeasuresRequired"]);
        RuleForEach(r => r.Measures).IsInEnum().WithMessage(_ => l["Target.MeasuresRequired"]);
    }
}

public enum SetTargetFailure
{
    None,
    UnitNotFound,
    Conflict,
}

/// <summary>Sets (or changes) a unit's target for a year; the change and the rule are in the audit log.</summary>
public sealed class SetUnitTarget(MarketplaceDbContext db, AuditLog audit, TimeProvider clock, TargetQueries queries)
{
    public Task<(TargetProgress? Progress, SetTargetFailure Failure)> HandleAsync(
        Guid unitId, int year, SetUnitTargetRequest request, HttpContext context, CancellationToken cancellationToken = default) =>
        HandleAsync(unitId, year, request, AuditActors.Of(context), cancellationToken);

    /// <summary>The same for an actor known without a request (the demo data's operator).</summary>
    public async Task<(TargetProgress? Progress, SetTargetFailure Failure)> HandleAsync(
        Guid unitId, int year, SetUnitTargetRequest request, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == unitId && o.Kind == OrganizationKind.MemberUnit, cancellationToken))
        {
            return (null, SetTargetFailure.UnitNotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rule = request.ToRule();
        var target = await db.UnitTargets.SingleOrDefaultAsync(t => t.UnitId == unitId && t.Year == year, cancellationToken);
        var previous = target?.TargetFen;
        if (target is null)
        {
            target = UnitTarget.Create(unitId, year, rule, actor.UserId!.Value, now);
            db.UnitTargets.Add(target);
        }
        else
        {
            target.Change(rule, actor.UserId!.Value, now);
        }

        audit.Append(actor, AuditActions.UnitTargetSet, AuditSubjects.Organization, unitId.ToString(), new
        {
            year,
            previousTargetFen = previous,
            target.TargetFen,
            basis = target.Basis.ToString(),
            target.AmountFen,
            target.BaseFen,
            target.ShareBasisPoints,
            channels = target.CountedChannels,
            measures = target.CountedMeasures,
            target.Revision,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two people set the same unit's year at once: the other change won; nothing of this one is saved.
            return (null, SetTargetFailure.Conflict);
        }

        return (await queries.UnitAsync(year, unitId, cancellationToken), SetTargetFailure.None);
    }
}
