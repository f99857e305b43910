using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

public sealed record OpenAfterSalesRequest(Guid? LineId, AfterSalesKind? Kind, int? Quantity, long? AmountFen, string? Reason);

public sealed record AfterSalesDecisionRequest(string? Reason);

public sealed record OperatorAfterSalesDecision(bool? ForBuyer, string? Reason);

public sealed record AfterSalesView(
    Guid Id, Guid OrderId, Guid LineId, Guid SupplierId, AfterSalesKind Kind, int Quantity, long AmountFen, string Reason,
    AfterSalesStatus Status, string? Response, DateTime RequestedAt, DateTime? RespondedAt, DateTime? ClosedAt, IReadOnlyList<Guid> PhotoIds);

internal sealed class OpenAfterSalesRequestValidator : AbstractValidator<OpenAfterSalesRequest>
{
    public OpenAfterSalesRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.LineId).NotEmpty().WithMessage(_ => l["Validation.Required", l["AfterSales.Line"]]);
        RuleFor(r => r.Kind).NotNull().WithMessage(_ => l["Validation.Required", l["AfterSales.Kind"]]).IsInEnum();
        RuleFor(r => r.Quantity).NotNull().WithMessage(_ => l["Validation.Required", l["Order.Quantity"]])
            .InclusiveBetween(0, OrderingOptions.MaxQuantityPerLine).WithMessage(_ => l["Order.QuantityRange", OrderingOptions.MaxQuantityPerLine]);
        RuleFor(r => r.AmountFen).NotNull().WithMessage(_ => l["Validation.Required", l["AfterSales.Amount"]])
            .GreaterThan(0).WithMessage(_ => l["AfterSales.AmountPositive"]);
        RuleFor(r => r.Reason).Required(l, "AfterSales.Reason").MaximumLength(AfterSalesRequest.ReasonMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["AfterSales.Reason"], AfterSalesRequest.ReasonMaxLength]);
    }
}

internal sealed class AfterSalesDecisionRequestValidator : AbstractValidator<AfterSalesDecisionRequest>
{
    public AfterSalesDecisionRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.Reason).Required(l, "AfterSales.Response").MaximumLength(AfterSalesRequest.ReasonMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["AfterSales.Response"], AfterSalesRequest.ReasonMaxLength]);
}

internal sealed class OperatorAfterSalesDecisionValidator : AbstractValidator<OperatorAfterSalesDecision>
{
    public OperatorAfterSalesDecisionValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.ForBuyer).NotNull().WithMessage(_ => l["Validation.Required", l["AfterSales.Decision"]]);
        RuleFor(r => r.Reason).Required(l, "AfterSales.Response").MaximumLength(AfterSalesRequest.ReasonMaxLength)
            .WithMessage(_ => l["Validation.MaxLength", l["AfterSales.Response"], AfterSalesRequest.ReasonMaxLength]);
    }
}

public sealed record AfterSalesLine(
    Guid LineId, string OrderNumber, string SubOrderNumber, string SupplierName, string ProductName, string Spec, int Quantity, long AmountFen);

/// <summary>
/// 售后: the buyer asks for money back on a line (with photos), the supplier agrees or declines, a declined buyer may
/// escalate, and an operator decides. Every refund goes through the order, whose <c>OrderRefunded</c> event the
/// payments side turns into money and the ledger into a negative entry.
/// </summary>
public sealed class AfterSales(MarketplaceDbContext db, TimeProvider clock)
{
    /// <summary>Opens a request; <paramref name="photos"/> (checked JPEG or PNG) are saved with it in one step, so a refused request leaves nothing behind.</summary>
    public async Task<(AfterSalesView? View, OrderChangeOutcome Outcome)> OpenAsync(
        Guid orderId, Guid buyerId, OpenAfterSalesRequest request, IReadOnlyList<byte[]> photos, CancellationToken cancellationToken)
    {
        if (photos.Count > AfterSalesRequest.MaxPhotos || photos.Any(p => p.Length > AfterSalesRequest.MaxPhotoBytes || AfterSalesPhoto.Sniff(p) is null))
        {
            return (null, new(OrderChangeFailure.NotAllowed, "Photos are JPEG or PNG, at most three of 5 MB each."));
        }

        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == orderId && o.BuyerUserId == buyerId, cancellationToken);
        if (order is null)
        {
            return (null, new(OrderChangeFailure.NotFound));
        }

        if (await db.AfterSalesRequests.AnyAsync(r => r.LineId == request.LineId && (r.Status == AfterSalesStatus.Requested
            || r.Status == AfterSalesStatus.DeclinedBySupplier || r.Status == AfterSalesStatus.Escalated), cancellationToken))
        {
            return (null, new(OrderChangeFailure.NotAllowed, "An open request exists for this line."));
        }

        try
        {
            var opened = AfterSalesRequest.Open(order, request.LineId!.Value, request.Kind!.Value, request.Quantity!.Value, request.AmountFen!.Value, request.Reason!, clock.GetUtcNow().UtcDateTime);
            var now = clock.GetUtcNow().UtcDateTime;
            var saved = photos.Select(p => new AfterSalesPhoto(opened.Id, AfterSalesPhoto.Sniff(p)!, p, now)).ToList();
            db.AfterSalesRequests.Add(opened);
            db.AfterSalesPhotos.AddRange(saved);
            await db.SaveChangesAsync(cancellationToken);
            return (View(opened, [.. saved.Select(p => p.Id).Order()]), new(OrderChangeFailure.None));
        }
        catch (OrderRuleException ex)
        {
            return (null, new(OrderChangeFailure.NotAllowed, ex.Message));
        }
    }

    public async Task<IReadOnlyList<AfterSalesView>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await ViewsAsync(db.AfterSalesRequests.Where(r => r.OrderId == orderId), cancellationToken);

    public async Task<IReadOnlyList<AfterSalesView>> ForSupplierAsync(Guid supplierId, CancellationToken cancellationToken) =>
        await ViewsAsync(db.AfterSalesRequests.Where(r => r.SupplierId == supplierId), cancellationToken);

    public async Task<IReadOnlyList<AfterSalesView>> ForOperatorsAsync(AfterSalesStatus? status, CancellationToken cancellationToken) =>
        await ViewsAsync(status is { } s ? db.AfterSalesRequests.Where(r => r.Status == s) : db.AfterSalesRequests, cancellationToken);

    /// <summary>What the supplier and operator pages show of each request's line: its order, sub-order and product.</summary>
    public async Task<IReadOnlyDictionary<Guid, AfterSalesLine>> LinesAsync(IEnumerable<AfterSalesView> requests, CancellationToken cancellationToken)
    {
        var lineIds = requests.Select(r => r.LineId).Distinct().ToList();
        var lines = await (
            from line in db.OrderLines.AsNoTracking()
            join order in db.Orders on line.OrderId equals order.Id
            join subOrder in db.SubOrders on line.SubOrderId equals (Guid?)subOrder.Id
            join supplier in db.Organizations on subOrder.SupplierId equals supplier.Id
            where lineIds.Contains(line.Id)
            select new AfterSalesLine(line.Id, order.Number, subOrder.Number, supplier.Name, line.ProductName, line.Spec, line.Quantity, line.AmountFen))
            .ToListAsync(cancellationToken);
        return lines.ToDictionary(l => l.LineId);
    }

    /// <summary>Adds a photo to the buyer's open request; null content type means the file is not a JPEG or PNG.</summary>
    public async Task<OrderChangeOutcome> AddPhotoAsync(Guid orderId, Guid requestId, Guid buyerId, byte[] content, CancellationToken cancellationToken)
    {
        var request = await db.AfterSalesRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.OrderId == orderId && r.BuyerUserId == buyerId, cancellationToken);
        if (request is null)
        {
            return new(OrderChangeFailure.NotFound);
        }

        if (!request.IsOpen || await db.AfterSalesPhotos.CountAsync(p => p.RequestId == requestId, cancellationToken) >= AfterSalesRequest.MaxPhotos)
        {
            return new(OrderChangeFailure.NotAllowed);
        }

        db.AfterSalesPhotos.Add(new AfterSalesPhoto(requestId, AfterSalesPhoto.Sniff(content)!, content, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        return new(OrderChangeFailure.None);
    }

    /// <summary>The photo if <paramref name="mayRead"/> allows its request (buyer, its supplier, operators).</summary>
    public async Task<AfterSalesPhoto?> PhotoAsync(Guid photoId, Func<AfterSalesRequest, bool> mayRead, CancellationToken cancellationToken)
    {
        var photo = await db.AfterSalesPhotos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, cancellationToken);
        var request = photo is null ? null : await db.AfterSalesRequests.AsNoTracking().SingleAsync(r => r.Id == photo.RequestId, cancellationToken);
        return request is not null && mayRead(request) ? photo : null;
    }

    public Task<OrderChangeOutcome> AgreeAsync(Guid supplierId, Guid requestId, Guid userId, CancellationToken cancellationToken) =>
        ChangeAsync(r => r.Id == requestId && r.SupplierId == supplierId, (request, order, now) => request.Agree(order, userId, now), cancellationToken);

    public Task<OrderChangeOutcome> DeclineAsync(Guid supplierId, Guid requestId, Guid userId, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(r => r.Id == requestId && r.SupplierId == supplierId, (request, _, now) =>
        {
            request.Decline(reason, userId, now);
            return null;
        }, cancellationToken);

    public Task<OrderChangeOutcome> EscalateAsync(Guid orderId, Guid requestId, Guid buyerId, CancellationToken cancellationToken) =>
        ChangeAsync(r => r.Id == requestId && r.OrderId == orderId && r.BuyerUserId == buyerId, (request, _, now) =>
        {
            request.Escalate(now);
            return null;
        }, cancellationToken);

    public Task<OrderChangeOutcome> DecideAsync(Guid requestId, Guid operatorId, OperatorAfterSalesDecision decision, CancellationToken cancellationToken) =>
        ChangeAsync(r => r.Id == requestId, (request, order, now) => request.Decide(order, decision.ForBuyer!.Value, decision.Reason!, operatorId, now), cancellationToken);

    private async Task<OrderChangeOutcome> ChangeAsync(
        System.Linq.Expressions.Expression<Func<AfterSalesRequest, bool>> which, Func<AfterSalesRequest, Order, DateTime, object?> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await db.AfterSalesRequests.SingleOrDefaultAsync(which, cancellationToken);
        if (request is null)
        {
            return new(OrderChangeFailure.NotFound);
        }

        var order = await db.Orders.Include(o => o.Lines).Include(o => o.SubOrders).AsSplitQuery().SingleAsync(o => o.Id == request.OrderId, cancellationToken);
        try
        {
            if (change(request, order, clock.GetUtcNow().UtcDateTime) is { } message)
            {
                db.AddToOutbox(message, clock);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new(OrderChangeFailure.None);
        }
        catch (OrderRuleException ex)
        {
            return new(OrderChangeFailure.NotAllowed, ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(OrderChangeFailure.Conflict);
        }
    }

    private async Task<IReadOnlyList<AfterSalesView>> ViewsAsync(IQueryable<AfterSalesRequest> query, CancellationToken cancellationToken)
    {
        var requests = await query.AsNoTracking().OrderByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken);
        var ids = requests.Select(r => r.Id).ToList();
        var photos = (await db.AfterSalesPhotos.AsNoTracking().Where(p => ids.Contains(p.RequestId)).Select(p => new { p.Id, p.RequestId }).ToListAsync(cancellationToken))
            .ToLookup(p => p.RequestId, p => p.Id);
        return [.. requests.Select(r => View(r, [.. photos[r.Id].Order()]))];
    }

    private static AfterSalesView View(AfterSalesRequest r, IReadOnlyList<Guid> photos) =>
        new(r.Id, r.OrderId, r.LineId, r.SupplierId, r.Kind, r.Quantity, r.AmountFen, r.Reason, r.Status, r.Response, r.RequestedAt, r.RespondedAt, r.ClosedAt, photos);
}
