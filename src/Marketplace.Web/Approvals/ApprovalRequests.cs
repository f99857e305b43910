using FluentValidation;
using Marketplace.Core.Approvals;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Approvals;

/// <summary>A unit's approval rules as a unit admin sends them: the levels in order (none: no approval needed).</summary>
public sealed record SetApprovalRulesRequest(IReadOnlyList<ApprovalLevelInput>? Levels);

public sealed record ApprovalLevelInput(long? ThresholdFen, OrganizationRole? ApproverRole);

internal sealed class SetApprovalRulesRequestValidator : AbstractValidator<SetApprovalRulesRequest>
{
    public SetApprovalRulesRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Levels).NotNull().WithMessage(_ => l["Approval.LevelsRequired"]);
        RuleFor(r => r.Levels!)
            .Must(levels => levels.Count <= ApprovalLevel.MaxLevels).WithMessage(_ => l["Approval.TooManyLevels", ApprovalLevel.MaxLevels])
            .Must(levels => levels.Zip(levels.Skip(1)).All(p => p.First?.ThresholdFen is null || p.Second?.ThresholdFen is null || p.Second.ThresholdFen >= p.First.ThresholdFen))
            .WithMessage(_ => l["Approval.ThresholdsFall"])
            .When(r => r.Levels is not null);
        RuleForEach(r => r.Levels).NotNull().WithMessage(_ => l["Approval.ThresholdRange"]).ChildRules(level =>
        {
            level.RuleFor(x => x.ThresholdFen).NotNull().WithMessage(_ => l["Approval.ThresholdRange"])
                .InclusiveBetween(0, ApprovalLevel.MaxThresholdFen).WithMessage(_ => l["Approval.ThresholdRange"]);
            level.RuleFor(x => x.ApproverRole).NotNull().WithMessage(_ => l["Approval.NotAnApproverRole"])
                .Must(role => role is null || ApprovalLevel.ApproverRoles.Contains(role.Value)).WithMessage(_ => l["Approval.NotAnApproverRole"]);
        }).When(r => r.Levels is not null);
    }
}

public sealed record RejectApprovalRequest(string? Reason);

internal sealed class RejectApprovalRequestValidator : AbstractValidator<RejectApprovalRequest>
{
    public RejectApprovalRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => l["Approval.ReasonRequired"])
            .MaximumLength(OrderApproval.ReasonMaxLength).WithMessage(_ => l["Validation.MaxLength", l["Approval.Reason"], OrderApproval.ReasonMaxLength]);
}

/// <summary>New quantities for some of the order's lines.</summary>
public sealed record ChangeApprovalRequest(IReadOnlyList<LineQuantityInput>? Lines);

public sealed record LineQuantityInput(Guid? LineId, int? Quantity);

internal sealed class ChangeApprovalRequestValidator : AbstractValidator<ChangeApprovalRequest>
{
    public ChangeApprovalRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Lines).Must(lines => lines is { Count: > 0 } && lines.Count <= OrderingOptions.MaxLines).WithMessage(_ => l["Approval.LinesRequired"]);
        RuleFor(r => r.Lines!)
            .Must(lines => lines.Where(x => x?.LineId is not null).Select(x => x!.LineId).Distinct().Count() == lines.Count(x => x?.LineId is not null))
            .WithMessage(_ => l["Approval.LineTwice"]).When(r => r.Lines is not null);
        RuleForEach(r => r.Lines).NotNull().WithMessage(_ => l["Approval.UnknownLine"]).ChildRules(line =>
        {
            line.RuleFor(x => x.LineId).NotNull().WithMessage(_ => l["Approval.UnknownLine"]);
            line.RuleFor(x => x.Quantity).NotNull().WithMessage(_ => l["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine])
                .InclusiveBetween(1, OrderingOptions.MaxQuantityPerLine).WithMessage(_ => l["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
        }).When(r => r.Lines is not null);
    }
}
