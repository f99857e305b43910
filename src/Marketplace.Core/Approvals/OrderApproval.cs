using System.Text.Json.Serialization;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Approvals;

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>Why a person may not decide an order's approval now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalRefusal>))]
public enum ApprovalRefusal
{
    None,

    /// <summary>The submitter never decides on their own order, at any level.</summary>
    OwnOrder,

    /// <summary>The current level needs a role the person does not hold.</summary>
    NotTheirLevel,

    /// <summary>The person already approved another level of this order; each level needs someone else.</summary>
    ApprovedAnotherLevel,

    /// <summary>The approval is decided already.</summary>
    Decided,
}

/// <summary>
/// The approval of one unit order (订单审批): the unit's rules as they were when the order was placed (one
/// <see cref="ApprovalStep"/> per level), the level now waiting, and every decision. The order needs the first
/// <see cref="LevelsRequired"/> levels, one after another, each by a different person who is not the submitter.
/// <para>
/// An approver may change quantities instead of deciding. The rule after a change: if the total rose, the approvals given
/// so far no longer cover it and the approval restarts at level 1 with the levels the new total needs; otherwise it
/// continues at the same level, which still has to decide (a change never approves by itself), and further levels
/// are needed only as far as the new total reaches.
/// </para>
/// </summary>
public sealed class OrderApproval
{
    public const int ReasonMaxLength = 200;

    private readonly List<ApprovalStep> _steps = [];
    private readonly List<ApprovalDecision> _decisions = [];

    private OrderApproval()
    {
    }

    public Guid OrderId { get; private set; }

    public Guid UnitId { get; private set; }

    /// <summary>The order's buyer: never an approver of it.</summary>
    public Guid SubmittedBy { get; private set; }

    public ApprovalStatus Status { get; private set; }

    /// <summary>The level that decides next (1-based).</summary>
    public int CurrentLevel { get; private set; }

    public int LevelsRequired { get; private set; }

    public DateTime StartedAt { get; private set; }

    public int Revision { get; private set; }

    public IReadOnlyList<ApprovalStep> Steps => _steps;

    public IReadOnlyList<ApprovalDecision> Decisions => _decisions;

    public ApprovalStep? Current => Status == ApprovalStatus.Pending ? _steps.Single(s => s.Level == CurrentLevel) : null;

    /// <summary>The approval <paramref name="order"/> needs under <paramref name="rules"/>, or null when its total is below every threshold.</summary>
    public static OrderApproval? Start(Order order, Guid unitId, long totalFen, IReadOnlyList<ApprovalLevel> rules, DateTime now)
    {
        var ordered = rules.OrderBy(r => r.Level).ToList();
        var required = Needed(ordered.Select(r => r.ThresholdFen), totalFen);
        if (required == 0)
        {
            return null;
        }

        var approval = new OrderApproval
        {
            OrderId = order.Id,
            UnitId = unitId,
            SubmittedBy = order.BuyerUserId,
            Status = ApprovalStatus.Pending,
            CurrentLevel = 1,
            LevelsRequired = required,
            StartedAt = now,
        };
        approval._steps.AddRange(ordered.Select((r, i) => new ApprovalStep(order.Id, i + 1, r.ThresholdFen, r.ApproverRole)));
        return approval;
    }

    /// <summary>Whether <paramref name="userId"/> with <paramref name="roles"/> may decide (approve, reject or change) now.</summary>
    public ApprovalRefusal Check(Guid userId, IReadOnlyCollection<OrganizationRole> roles)
    {
        if (userId == SubmittedBy)
        {
            return ApprovalRefusal.OwnOrder;
        }

        if (Current is not { } current)
        {
            return ApprovalRefusal.Decided;
        }

        if (!roles.Contains(current.ApproverRole))
        {
            return ApprovalRefusal.NotTheirLevel;
        }

        return _steps.Any(s => s.ApprovedBy == userId) ? ApprovalRefusal.ApprovedAnotherLevel : ApprovalRefusal.None;
    }

    /// <summary>Approves the current level; true when it was the last one needed.</summary>
    public bool Approve(Guid userId, IReadOnlyCollection<OrganizationRole> roles, string actorName, long totalFen, DateTime now)
    {
        Require(userId, roles);
        var step = Current!;
        step.ApprovedBy = userId;
        step.ApprovedAt = now;
        _decisions.Add(new ApprovalDecision(OrderId, step.Level, ApprovalDecisionKind.Approved, userId, actorName, totalFen, null, now));
        if (CurrentLevel >= LevelsRequired)
        {
            Status = ApprovalStatus.Approved;
        }
        else
        {
            CurrentLevel++;
        }

        Revision++;
        return Status == ApprovalStatus.Approved;
    }

    public void Reject(Guid userId, IReadOnlyCollection<OrganizationRole> roles, string actorName, string reason, long totalFen, DateTime now)
    {
        Require(userId, roles);
        _decisions.Add(new ApprovalDecision(OrderId, CurrentLevel, ApprovalDecisionKind.Rejected, userId, actorName, totalFen, reason, now));
        Status = ApprovalStatus.Rejected;
        Revision++;
    }

    /// <summary>Records a change of quantities from <paramref name="oldTotalFen"/> to <paramref name="newTotalFen"/> and applies the rule above.</summary>
    public void Changed(Guid userId, IReadOnlyCollection<OrganizationRole> roles, string actorName, long oldTotalFen, long newTotalFen, string summary, DateTime now)
    {
        Require(userId, roles);
        _decisions.Add(new ApprovalDecision(OrderId, CurrentLevel, ApprovalDecisionKind.Changed, userId, actorName, newTotalFen, summary, now));
        var needed = Needed(_steps.OrderBy(s => s.Level).Select(s => s.ThresholdFen), newTotalFen);
        if (newTotalFen > oldTotalFen)
        {
            foreach (var step in _steps)
            {
                step.ApprovedBy = null;
                step.ApprovedAt = null;
            }

            CurrentLevel = 1;
            LevelsRequired = Math.Max(1, needed);
        }
        else
        {
            LevelsRequired = Math.Max(CurrentLevel, needed);
        }

        Revision++;
    }

    /// <summary>How many of the first levels a total needs: those whose threshold it reaches.</summary>
    private static int Needed(IEnumerable<long> thresholds, long totalFen) => thresholds.TakeWhile(t => totalFen >= t).Count();

    private void Require(Guid userId, IReadOnlyCollection<OrganizationRole> roles)
    {
        var refusal = Check(userId, roles);
        if (refusal != ApprovalRefusal.None)
        {
            throw new ApprovalRefusedException(refusal);
        }
    }
}

public sealed class ApprovalRefusedException(ApprovalRefusal refusal) : Exception($"Approval refused: {refusal}.")
{
    public ApprovalRefusal Refusal { get; } = refusal;
}

/// <summary>One level of an order's approval, from the unit's rules when the order was placed.</summary>
public sealed class ApprovalStep
{
    private ApprovalStep()
    {
    }

    internal ApprovalStep(Guid orderId, int level, long thresholdFen, OrganizationRole approverRole)
    {
        OrderId = orderId;
        Level = level;
        ThresholdFen = thresholdFen;
        ApproverRole = approverRole;
    }

    public Guid OrderId { get; private set; }

    public int Level { get; private set; }

    public long ThresholdFen { get; private set; }

    public OrganizationRole ApproverRole { get; private set; }

    /// <summary>Who approved this level in the current round (a restart clears it).</summary>
    public Guid? ApprovedBy { get; internal set; }

    public DateTime? ApprovedAt { get; internal set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalDecisionKind>))]
public enum ApprovalDecisionKind
{
    Approved,
    Rejected,
    Changed,
}

/// <summary>One decision on an order's approval, kept for its timeline even after a restart.</summary>
public sealed class ApprovalDecision
{
    public const int ActorNameMaxLength = 100;
    public const int DetailMaxLength = 500;

    private ApprovalDecision()
    {
    }

    internal ApprovalDecision(Guid orderId, int level, ApprovalDecisionKind kind, Guid actorUserId, string actorName, long totalFen, string? detail, DateTime at)
    {
        Id = Guid.CreateVersion7(at);
        OrderId = orderId;
        Level = level;
        Kind = kind;
        ActorUserId = actorUserId;
        ActorName = actorName.Length > ActorNameMaxLength ? actorName[..ActorNameMaxLength] : actorName;
        TotalFen = totalFen;
        Detail = detail is { Length: > DetailMaxLength } ? detail[..DetailMaxLength] : detail;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public int Level { get; private set; }

    public ApprovalDecisionKind Kind { get; private set; }

    public Guid ActorUserId { get; private set; }

    public string ActorName { get; private set; } = "";

    /// <summary>The order's total after the decision.</summary>
    public long TotalFen { get; private set; }

    /// <summary>A rejection's reason, or what a change changed.</summary>
    public string? Detail { get; private set; }

    public DateTime At { get; private set; }
}

internal sealed class OrderApprovalConfiguration : IEntityTypeConfiguration<OrderApproval>
{
    public void Configure(EntityTypeBuilder<OrderApproval> builder)
    {
        builder.ToTable("order_approvals");
        builder.HasKey(a => a.OrderId);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Revision).IsConcurrencyToken();
        builder.HasIndex(a => new { a.UnitId, a.Status });
        builder.HasOne<Order>().WithOne().HasForeignKey<OrderApproval>(a => a.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Steps).WithOne().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Steps).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(a => a.Decisions).WithOne().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Decisions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ApprovalStepConfiguration : IEntityTypeConfiguration<ApprovalStep>
{
    public void Configure(EntityTypeBuilder<ApprovalStep> builder)
    {
        builder.ToTable("order_approval_steps");
        builder.HasKey(s => new { s.OrderId, s.Level });
        builder.Property(s => s.ApproverRole).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class ApprovalDecisionConfiguration : IEntityTypeConfiguration<ApprovalDecision>
{
    public void Configure(EntityTypeBuilder<ApprovalDecision> builder)
    {
        builder.ToTable("order_approval_decisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.ActorName).HasMaxLength(ApprovalDecision.ActorNameMaxLength);
        builder.Property(d => d.Detail).HasMaxLength(ApprovalDecision.DetailMaxLength);
        builder.HasIndex(d => d.OrderId);
    }
}
