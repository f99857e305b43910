using Marketplace.Core.Approvals;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Approvals;

/// <summary>One order waiting for the caller's decision.</summary>
public sealed record ApprovalInboxItem(
    Guid OrderId, string Number, string BuyerName, long TotalFen, int LineCount, DateTime SubmittedAt, DateTime? ExpiresAt,
    int Level, int LevelsRequired, OrganizationRole ApproverRole);

public sealed record ApprovalStepView(int Level, long ThresholdFen, OrganizationRole ApproverRole, bool Required, DateTime? ApprovedAt);

public sealed record ApprovalDecisionView(int Level, ApprovalDecisionKind Kind, string ActorName, long TotalFen, string? Detail, DateTime At);

/// <summary>An order's approval as an approver reviews it, with whether the caller may decide now and if not why.</summary>
public sealed record ApprovalReview(
    OrderView Order, string BuyerName, ApprovalStatus Status, int CurrentLevel, int LevelsRequired, ApprovalRefusal MayDecide,
    IReadOnlyList<ApprovalStepView> Steps, IReadOnlyList<ApprovalDecisionView> Decisions, bool IsCallOff);

public sealed class ApprovalViews(MarketplaceDbContext db, OrderViews orders)
{
    public const int InboxSize = 100;

    /// <summary>审批待办: the unit's waiting orders whose current level is the caller's role, not their own, not a level they approved.</summary>
    public async Task<IReadOnlyList<ApprovalInboxItem>> InboxAsync(Guid userId, Guid unitId, IReadOnlyCollection<OrganizationRole> roles, CancellationToken cancellationToken)
    {
        var approverRoles = roles.Where(ApprovalLevel.ApproverRoles.Contains).ToList();
        return await (
            from a in db.Set<OrderApproval>().AsNoTracking()
            where a.UnitId == unitId && a.Status == ApprovalStatus.Pending && a.SubmittedBy != userId && !a.Steps.Any(s => s.ApprovedBy == userId)
            join o in db.Orders on a.OrderId equals o.Id
            where o.Status == OrderStatus.AwaitingApproval
            join s in db.Set<ApprovalStep>() on new { a.OrderId, Level = a.CurrentLevel } equals new { s.OrderId, s.Level }
            where approverRoles.Contains(s.ApproverRole)
            join u in db.Users on o.BuyerUserId equals u.Id
            orderby o.ExpiresAt
            select new ApprovalInboxItem(o.Id, o.Number, u.DisplayName, o.TotalFen, o.Lines.Count, o.SubmittedAt, o.ExpiresAt, a.CurrentLevel, a.LevelsRequired, s.ApproverRole))
            .Take(InboxSize).ToListAsync(cancellationToken);
    }

    /// <summary>The review of an order of <paramref name="unitId"/>; null when there is no such approval in that unit.</summary>
    public async Task<ApprovalReview?> ReviewAsync(Guid orderId, Guid userId, Guid unitId, IReadOnlyCollection<OrganizationRole> roles, CancellationToken cancellationToken)
    {
        var approval = await db.Set<OrderApproval>().AsNoTracking().Include(a => a.Steps).Include(a => a.Decisions).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.OrderId == orderId && a.UnitId == unitId, cancellationToken);
        if (approval is null || await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return null;
        }

        var buyer = await db.Users.Where(u => u.Id == approval.SubmittedBy).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "";
        var mayDecide = order.Status == OrderStatus.AwaitingApproval ? approval.Check(userId, roles) : ApprovalRefusal.Decided;
        return new ApprovalReview(
            order, buyer, approval.Status, approval.CurrentLevel, approval.LevelsRequired, mayDecide,
            [.. approval.Steps.OrderBy(s => s.Level).Select(s => new ApprovalStepView(s.Level, s.ThresholdFen, s.ApproverRole, s.Level <= approval.LevelsRequired, s.ApprovedAt))],
            Decisions(approval.Decisions),
            await db.Orders.AnyAsync(o => o.Id == orderId && o.AgreementId != null, cancellationToken));
    }

    public static IReadOnlyList<ApprovalDecisionView> Decisions(IEnumerable<ApprovalDecision> decisions) =>
        [.. decisions.OrderBy(d => d.At).ThenBy(d => d.Id).Select(d => new ApprovalDecisionView(d.Level, d.Kind, d.ActorName, d.TotalFen, d.Detail, d.At))];
}
