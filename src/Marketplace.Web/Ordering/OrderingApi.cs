using Marketplace.Core.Ordering;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Suppliers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

using static Marketplace.Web.Ordering.OrderChangeAnswers;

namespace Marketplace.Web.Ordering;

public static class OrderingApi
{
    public const string Orders = ApiRoutes.Prefix + "/orders";
    public const string SupplierStaffPolicy = "SupplierStaff";

    public static IServiceCollection AddMarketplaceOrderingWeb(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(SupplierStaffPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new RouteSupplierRequirement(AdminOnly: false, OperatorsToo: false)));
        services.AddScoped<PlaceOrder>();
        services.AddScoped<OrderViews>();
        services.AddScoped<MyOrders>();
        services.AddScoped<OperatorOrders>();
        services.AddScoped<OrderChange>();
        services.AddScoped<CancelOrder>();
        services.AddScoped<ConfirmReceipt>();
        services.AddScoped<SupplierSubOrders>();
        services.AddScoped<Cart>();
        services.AddScoped<AddressBook>();
        services.AddScoped<AfterSales>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceOrderingApi(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Orders").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/orders", PlaceAsync)
            .WithValidation<PlaceOrderRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("下单（需 Idempotency-Key；订单服务定价并锁定库存，202 后查询结果）（已登录用户） / Place an order: Idempotency-Key required; answers 202, the order service decides (signed-in users)");
        orders.MapGet("/orders", MineAsync)
            .WithSummary("我的订单（已登录用户） / My orders, newest first (signed-in users)");
        orders.MapGet("/orders/{orderId:guid}", GetAsync)
            .WithSummary("订单详情与时间线（下单人与平台运营） / An order with its timeline (its buyer and operators)");
        orders.MapPost("/orders/{orderId:guid}/cancel", CancelAsync)
            .WithValidation<CancelOrderRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("发货前取消订单，释放库存（下单人） / Cancel before shipment; stock is released (its buyer)");
        orders.MapPost("/orders/{orderId:guid}/sub-orders/{subOrderId:guid}/confirm-receipt", ConfirmAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("确认收货（下单人） / Confirm receipt of a sub-order (its buyer)");

        var cart = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Cart").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        cart.MapGet("/cart", CartAsync).WithSummary("购物车，按当前价格（已登录用户） / The cart at today's prices, with problems flagged (signed-in users)");
        cart.MapPut("/cart/items/{skuId:guid}", SetCartItemAsync).WithValidation<SetCartItemRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("加入购物车或修改数量（已登录用户） / Put a SKU in the cart or change its quantity (signed-in users)");
        cart.MapDelete("/cart/items/{skuId:guid}", RemoveCartItemAsync).WithSummary("移出购物车（已登录用户） / Remove a SKU from the cart (signed-in users)");

        var addresses = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Cart").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        addresses.MapGet("/addresses", AddressesAsync).WithSummary("收货地址簿（已登录用户） / The address book (signed-in users)");
        addresses.MapPost("/addresses", AddAddressAsync).WithValidation<SaveAddressRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("添加收货地址（已登录用户） / Add an address (signed-in users)");
        addresses.MapPut("/addresses/{addressId:guid}", ChangeAddressAsync).WithValidation<SaveAddressRequest>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("修改收货地址（已登录用户） / Change an address (signed-in users)");
        addresses.MapDelete("/addresses/{addressId:guid}", DeleteAddressAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("删除收货地址（已登录用户） / Delete an address (signed-in users)");

        var supplier = endpoints.MapGroup(SuppliersApi.Supplier).WithTags("Orders")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        supplier.MapGet("/sub-orders", SupplierListAsync).RequireAuthorization(RouteSupplierRequirement.MemberOrOperatorPolicy)
            .WithSummary("供应商的子订单（本供应商与平台运营） / The supplier's paid sub-orders (its members and operators)");
        supplier.MapPost("/sub-orders/{subOrderId:guid}/accept", AcceptAsync).RequireAuthorization(SupplierStaffPolicy).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("接单（本供应商人员） / Accept a sub-order (the supplier's members)");
        supplier.MapPost("/sub-orders/{subOrderId:guid}/refuse", RefuseAsync).RequireAuthorization(SupplierStaffPolicy).WithValidation<RefuseSubOrderRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("拒单，退款给买家（本供应商人员） / Refuse a sub-order; its lines are refunded (the supplier's members)");
        supplier.MapPost("/sub-orders/{subOrderId:guid}/ship", ShipAsync).RequireAuthorization(SupplierStaffPolicy).WithValidation<ShipSubOrderRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("发货，可分批（本供应商人员） / Ship a sub-order, whole or in parts (the supplier's members)");
        supplier.MapPost("/sub-orders/{subOrderId:guid}/delivered", DeliveredAsync).RequireAuthorization(SupplierStaffPolicy).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("标记已送达（本供应商人员） / Mark a shipped sub-order delivered (the supplier's members)");
        endpoints.MapMarketplaceAfterSalesApi();
        endpoints.MapOperatorOrdersApi();
        return endpoints;
    }

    private static async Task<Results<Accepted<OrderAccepted>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        PlaceOrderRequest request, PlaceOrder handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var key = context.Request.Headers[PlaceOrder.IdempotencyHeader].ToString();
        if (!PlaceOrder.KeyPattern().IsMatch(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [PlaceOrder.IdempotencyHeader] = [l["Order.IdempotencyKey"]] });
        }

        var outcome = await handler.HandleAsync(request, key, context, cancellationToken);
        return outcome.Failure switch
        {
            PlaceOrderFailure.None => TypedResults.Accepted($"{Orders}/{outcome.Order!.OrderId}", outcome.Order),
            PlaceOrderFailure.FundingNotAllowed => Problem(context, Problems.Forbidden, l["Order.FundingNotAllowed"]),
            PlaceOrderFailure.UnknownAddress => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["savedAddressId"] = [l["Address.Unknown"]] }),
            PlaceOrderFailure.NumberUnavailable => Problem(context, Problems.ServiceUnavailable, l["Order.NumberUnavailable"]),
            PlaceOrderFailure.CampaignNotAccepted => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["campaignCode"] = [l["Order.CampaignNotAccepted"]] }),
            _ => Problem(context, Problems.IdempotencyKeyReused, l["Order.IdempotencyKeyReused"]),
        };
    }

    private static async Task<Ok<IReadOnlyList<OrderSummary>>> MineAsync(Guid? before, MyOrders orders, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await orders.ListAsync(AuditActors.UserId(context.User)!.Value, before, cancellationToken));

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(Guid orderId, OrderViews views, HttpContext context, CancellationToken cancellationToken)
    {
        var view = await views.FindAsync(orderId, cancellationToken);
        var userId = AuditActors.UserId(context.User);
        return view is not null && (context.User.IsOperator() || await views.IsBuyerAsync(orderId, userId, cancellationToken))
            ? TypedResults.Ok(view)
            : Problem(context, Problems.NotFound, null);
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> CancelAsync(
        Guid orderId, CancelOrderRequest request, CancelOrder handler, OrderViews views, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await Answer(await handler.HandleAsync(orderId, AuditActors.UserId(context.User)!.Value, request, cancellationToken), orderId, views, l, context, cancellationToken);

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> ConfirmAsync(
        Guid orderId, Guid subOrderId, ConfirmReceipt handler, OrderViews views, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await Answer(await handler.HandleAsync(orderId, subOrderId, AuditActors.UserId(context.User)!.Value, cancellationToken), orderId, views, l, context, cancellationToken);

    private static async Task<Ok<CartView>> CartAsync(Cart cart, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cart.ViewAsync(AuditActors.UserId(context.User)!.Value, cancellationToken));

    private static async Task<Results<Ok<CartView>, ProblemHttpResult>> SetCartItemAsync(
        Guid skuId, SetCartItemRequest request, Cart cart, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var userId = AuditActors.UserId(context.User)!.Value;
        try
        {
            if (!await cart.SetAsync(userId, skuId, request.Quantity!.Value, cancellationToken))
            {
                return Problem(context, Problems.NotFound, null);
            }
        }
        catch (OrderRuleException)
        {
            return Problem(context, Problems.Conflict, l["Cart.Full", CartItem.MaxItems]);
        }

        return TypedResults.Ok(await cart.ViewAsync(userId, cancellationToken));
    }

    private static async Task<Ok<CartView>> RemoveCartItemAsync(Guid skuId, Cart cart, HttpContext context, CancellationToken cancellationToken)
    {
        var userId = AuditActors.UserId(context.User)!.Value;
        await cart.RemoveAsync(userId, skuId, cancellationToken);
        return TypedResults.Ok(await cart.ViewAsync(userId, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<SavedAddressView>>> AddressesAsync(AddressBook book, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await book.ListAsync(AuditActors.UserId(context.User)!.Value, cancellationToken));

    private static async Task<Results<Created<SavedAddressView>, ProblemHttpResult>> AddAddressAsync(
        SaveAddressRequest request, AddressBook book, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        await book.SaveAsync(AuditActors.UserId(context.User)!.Value, null, request, cancellationToken) is { } saved
            ? TypedResults.Created($"{ApiRoutes.Prefix}/addresses/{saved.Id}", saved)
            : Problem(context, Problems.Conflict, l["Address.BookFull", SavedAddress.MaxPerUser]);

    private static async Task<Results<Ok<SavedAddressView>, ProblemHttpResult>> ChangeAddressAsync(
        Guid addressId, SaveAddressRequest request, AddressBook book, HttpContext context, CancellationToken cancellationToken) =>
        await book.SaveAsync(AuditActors.UserId(context.User)!.Value, addressId, request, cancellationToken) is { } saved
            ? TypedResults.Ok(saved)
            : Problem(context, Problems.NotFound, null);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAddressAsync(
        Guid addressId, AddressBook book, HttpContext context, CancellationToken cancellationToken) =>
        await book.DeleteAsync(AuditActors.UserId(context.User)!.Value, addressId, cancellationToken) ? TypedResults.NoContent() : Problem(context, Problems.NotFound, null);

    private static async Task<Ok<IReadOnlyList<SupplierSubOrderView>>> SupplierListAsync(
        Guid supplierId, SubOrderStatus? status, SupplierSubOrders handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.ListAsync(supplierId, status, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> AcceptAsync(
        Guid supplierId, Guid subOrderId, SupplierSubOrders handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.AcceptAsync(supplierId, subOrderId, cancellationToken), l, context);

    private static async Task<Results<NoContent, ProblemHttpResult>> RefuseAsync(
        Guid supplierId, Guid subOrderId, RefuseSubOrderRequest request, SupplierSubOrders handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.RefuseAsync(supplierId, subOrderId, request, cancellationToken), l, context);

    private static async Task<Results<NoContent, ProblemHttpResult>> ShipAsync(
        Guid supplierId, Guid subOrderId, ShipSubOrderRequest request, SupplierSubOrders handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.ShipAsync(supplierId, subOrderId, request, cancellationToken), l, context);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeliveredAsync(
        Guid supplierId, Guid subOrderId, SupplierSubOrders handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        NoContentOr(await handler.MarkDeliveredAsync(supplierId, subOrderId, cancellationToken), l, context);

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Answer(
        OrderChangeOutcome outcome, Guid orderId, OrderViews views, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        outcome.Failure == OrderChangeFailure.None ? TypedResults.Ok((await views.FindAsync(orderId, cancellationToken))!) : Failure(outcome, l, context);
}

public sealed record OrderSummary(Guid Id, string Number, OrderStatus Status, long TotalFen, DateTime SubmittedAt, int LineCount)
{
    public const int PageSize = 50;
}
