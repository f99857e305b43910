using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Web.Api;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Ordering;

/// <summary>What an operator searches orders by; every part is optional.</summary>
public sealed record OrderSearch(string? Number, OrderStatus? Status, Guid? UnitId, Guid? Before);

public sealed record OperatorOrderRow(
    Guid Id, string Number, OrderStatus Status, OrderChannel Channel, FundingSource FundingSource, Guid? BuyerUnitId, string? BuyerUnitName,
    long TotalFen, DateTime SubmittedAt);

/// <summary>All orders for the operators (平台运营), newest first, a page at a time (keyset by id).</summary>
public sealed class OperatorOrders(MarketplaceDbContext db)
{
    public const int PageSize = 50;

    public async Task<IReadOnlyList<OperatorOrderRow>> SearchAsync(OrderSearch search, CancellationToken cancellationToken)
    {
        var query = db.Orders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.Number))
        {
            var number = search.Number.Trim();
            query = query.Where(o => o.Number.StartsWith(number));
        }

        if (search.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        if (search.UnitId is { } unitId)
        {
            query = query.Where(o => o.BuyerUnitId == unitId);
        }

        if (search.Before is { } cursor)
        {
            query = query.Where(o => o.Id.CompareTo(cursor) < 0);
        }

        var orders = await query.OrderByDescending(o => o.Id).Take(PageSize)
            .Select(o => new { o.Id, o.Number, o.Status, o.Channel, o.FundingSource, o.BuyerUnitId, o.TotalFen, o.SubmittedAt }).ToListAsync(cancellationToken);
        var unitIds = orders.Where(o => o.BuyerUnitId != null).Select(o => o.BuyerUnitId!.Value).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return [.. orders.Select(o => new OperatorOrderRow(
            o.Id, o.Number, o.Status, o.Channel, o.FundingSource, o.BuyerUnitId, o.BuyerUnitId is { } u ? names.GetValueOrDefault(u) : null, o.TotalFen, o.SubmittedAt))];
    }
}

public static class OperatorOrdersApi
{
    public static IEndpointRouteBuilder MapOperatorOrdersApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ApiRoutes.Prefix + "/operator/orders", SearchAsync).WithTags("Orders")
            .RequireAuthorization(MarketplacePolicies.Operator)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("全部订单，按订单号/状态/下单单位查询（平台运营） / All orders, searched by number, status or buyer unit (operators)");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<OperatorOrderRow>>, ValidationProblem>> SearchAsync(
        string? number, OrderStatus? status, Guid? unitId, Guid? before, OperatorOrders orders, IStringLocalizer<SharedResource> l, CancellationToken cancellationToken)
    {
        if (number is { Length: > Order.NumberMaxLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["number"] = [l["Validation.MaxLength", l["Order.Number"], Order.NumberMaxLength]],
            });
        }

        return TypedResults.Ok(await orders.SearchAsync(new OrderSearch(number, status, unitId, before), cancellationToken));
    }
}
