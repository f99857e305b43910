using Marketplace.Core.Audit;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Approvals;

/// <summary>Who decides: a signed-in member of a unit with their roles there.</summary>
public sealed record Approver(Guid UserId, Guid UnitId, IReadOnlyCollection<OrganizationRole> Roles, AuditActor Actor);

public enum ApprovalFailure
{
    None,
    NotFound,
    Refused,
    NotWaiting,
    Conflict,
    OutOfRange,
    LinesRefused,

    /// <summary>A call-off's quantities and prices are the agreement's: it is approved or rejected as it is.</summary>
    CallOffFixed,
}

public sealed record ApprovalOutcome(
    ApprovalFailure Failure, ApprovalRefusal Refusal = ApprovalRefusal.None, IReadOnlyDictionary<Guid, LineRejection>? Lines = null);

/// <summary>
/// The approvers' decisions on unit orders. Each is one transaction guarded by the order's and the approval's revisions:
/// the order's step, its event in the outbox, the stock it holds, the approval's record and the audit entry, or nothing.
/// </summary>
public sealed class OrderApprovals(MarketplaceDbContext db, TimeProvider clock, IOptions<OrderingOptions> options)
{
    /// <summary>
    /// For the order service, while it places <paramref name="order"/>: whether a unit order needs approval under its
    /// unit's rules, adding the approval to <paramref name="db"/> when it does.
    /// </summary>
    public static async Task<bool> RequireIfRuledAsync(
        MarketplaceDbContext db, Order order, IReadOnlyList<PricedLine> priced, DateTime now, CancellationToken cancellationToken)
    {
        if (order.BuyerUnitId is not { } unitId || (order.Channel != OrderChannel.UnitCollective && order.FundingSource != FundingSource.UnitProcurement))
        {
            return false;
        }

        var rules = await db.Set<ApprovalLevel>().AsNoTracking().Where(l => l.UnitId == unitId).ToListAsync(cancellationToken);
        if (rules.Count == 0)
        {
            return false;
        }

        var quantities = order.Lines.ToDictionary(l => l.Id, l => (long)l.Quantity);
        var total = priced.Sum(p => checked(p.UnitPriceFen * quantities[p.LineId]));
        var approval = OrderApproval.Start(order, unitId, total, rules, now);
        if (approval is null)
        {
            return false;
        }

        db.Set<OrderApproval>().Add(approval);
        return true;
    }

    public Task<ApprovalOutcome> ApproveAsync(Guid orderId, Approver approver, CancellationToken cancellationToken) =>
        DecideAsync(orderId, approver, async (order, approval, name, now) =>
        {
            if (approval.Approve(approver.UserId, approver.Roles, name, order.TotalFen, now))
            {
                db.AddToOutbox(order.Approve(now + options.Value.PaymentWindow, now), clock);
            }
            else
            {
                order.ApproveLevel();
            }

            Audit(approver, AuditActions.OrderApproved, order, new { level = approval.Decisions[^1].Level, order.TotalFen, final = approval.Status == ApprovalStatus.Approved });
            await Task.CompletedTask;
            return null;
        }, cancellationToken);

    public Task<ApprovalOutcome> RejectAsync(Guid orderId, Approver approver, string reason, CancellationToken cancellationToken) =>
        DecideAsync(orderId, approver, async (order, approval, name, now) =>
        {
            approval.Reject(approver.UserId, approver.Roles, name, reason, order.TotalFen, now);
            db.AddToOutbox(order.Cancel(reason, now), clock);
            await StockReservations.ReleaseAsync(db, order, cancellationToken);
            Audit(approver, AuditActions.OrderApprovalRejected, order, new { level = approval.CurrentLevel, reason });
            return null;
        }, cancellationToken);

    /// <summary>
    /// Changes quantities (line id → new quantity): the order is priced again from the catalog and checked as the order
    /// service checks it; more pieces are taken from stock with the conditional decrement, fewer go back.
    /// </summary>
    public Task<ApprovalOutcome> ChangeAsync(Guid orderId, Approver approver, IReadOnlyDictionary<Guid, int> quantities, CancellationToken cancellationToken) =>
        DecideAsync(orderId, approver, async (order, approval, name, now) =>
        {
            var refusal = approval.Check(approver.UserId, approver.Roles);
            if (refusal != ApprovalRefusal.None)
            {
                throw new ApprovalRefusedException(refusal);
            }

            if (order.AgreementId is not null)
            {
                // A call-off's quantities and prices are the agreement's; an approver approves or rejects it.
                return new ApprovalOutcome(ApprovalFailure.CallOffFixed);
            }

            if (quantities.Count == 0 || quantities.Any(q => q.Value is <= 0 or > OrderingOptions.MaxQuantityPerLine || order.Lines.All(l => l.Id != q.Key)))
            {
                return new ApprovalOutcome(ApprovalFailure.OutOfRange);
            }

            var lines = order.Lines.Select(l => new LineToPrice(l.Id, l.SkuId, quantities.GetValueOrDefault(l.Id, l.Quantity))).ToList();
            var (priced, rejected) = await OrderPricing.PriceAsync(db, lines, now, cancellationToken);
            if (rejected.Count == 0)
            {
                rejected = await AdjustStockAsync(order, quantities, cancellationToken);
            }

            if (rejected.Count > 0)
            {
                return new ApprovalOutcome(ApprovalFailure.LinesRefused, Lines: rejected);
            }

            var before = order.TotalFen;
            var changes = order.Lines.Where(l => quantities.TryGetValue(l.Id, out var q) && q != l.Quantity)
                .Select(l => new { l.Id, l.ProductName, l.Spec, from = l.Quantity, to = quantities[l.Id] }).ToList();
            order.ChangeQuantities(quantities, priced);
            var summary = string.Join("; ", changes.Select(c => $"{c.ProductName} {c.Spec} {c.from}→{c.to}"));
            approval.Changed(approver.UserId, approver.Roles, name, before, order.TotalFen, summary, now);
            Audit(approver, AuditActions.OrderApprovalChanged, order, new
            {
                level = approval.Decisions[^1].Level,
                totalBeforeFen = before,
                totalAfterFen = order.TotalFen,
                lines = changes.Select(c => new { lineId = c.Id, c.from, c.to }),
                restarted = order.TotalFen > before,
            });
            return null;
        }, cancellationToken);

    /// <summary>
    /// Takes the extra pieces (all or none, as the order service does) and returns the spare ones; a shortfall refuses the
    /// lines short of stock. Made-to-order lines hold no stock, so their changes move none.
    /// </summary>
    private async Task<Dictionary<Guid, LineRejection>> AdjustStockAsync(Order order, IReadOnlyDictionary<Guid, int> quantities, CancellationToken cancellationToken)
    {
        var changes = order.Lines.Where(l => quantities.ContainsKey(l.Id) && !l.IsMadeToOrder).Select(l => (Line: l, Delta: quantities[l.Id] - l.Quantity)).ToList();
        var more = changes.Where(c => c.Delta > 0).GroupBy(c => c.Line.SkuId).ToDictionary(g => g.Key, g => g.Sum(c => c.Delta));
        var spare = changes.Where(c => c.Delta < 0).GroupBy(c => c.Line.SkuId).ToDictionary(g => g.Key, g => g.Sum(c => -c.Delta));
        var shortSkus = more.Count > 0 ? await StockReservations.TryTakeAllAsync(db, more, cancellationToken) : new HashSet<Guid>();
        var shortOf = changes.Where(c => c.Delta > 0 && shortSkus.Contains(c.Line.SkuId)).ToDictionary(c => c.Line.Id, _ => LineRejection.OutOfStock);
        if (shortOf.Count == 0 && spare.Count > 0)
        {
            await StockReservations.GiveBackAsync(db, spare, cancellationToken);
        }

        return shortOf;
    }

    private void Audit(Approver approver, string action, Order order, object details) =>
        new AuditLog(db, clock).Append(approver.Actor, action, AuditSubjects.Order, order.Id.ToString(), details);

    private async Task<ApprovalOutcome> DecideAsync(
        Guid orderId, Approver approver, Func<Order, OrderApproval, string, DateTime, Task<ApprovalOutcome?>> decide, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var approval = await db.Set<OrderApproval>().Include(a => a.Steps).Include(a => a.Decisions).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.OrderId == orderId && a.UnitId == approver.UnitId, cancellationToken);
        var order = approval is null ? null : await db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (approval is null || order is null)
        {
            return new ApprovalOutcome(ApprovalFailure.NotFound);
        }

        if (order.Status != OrderStatus.AwaitingApproval)
        {
            return new ApprovalOutcome(ApprovalFailure.NotWaiting);
        }

        var name = await db.Users.Where(u => u.Id == approver.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "";
        try
        {
            if (await decide(order, approval, name, clock.GetUtcNow().UtcDateTime) is { } early)
            {
                return early;
            }
        }
        catch (ApprovalRefusedException ex)
        {
            return new ApprovalOutcome(ApprovalFailure.Refused, ex.Refusal);
        }
        catch (OrderRuleException)
        {
            return new ApprovalOutcome(ApprovalFailure.NotWaiting);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ApprovalOutcome(ApprovalFailure.Conflict);
        }

        return new ApprovalOutcome(ApprovalFailure.None);
    }
}
