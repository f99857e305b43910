using System.Security.Claims;
using Marketplace.Core.Agreements;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Agreements;

public sealed record AgreementItemView(Guid SkuId, string ProductName, string Spec, long UnitPriceFen);

public sealed record AgreementDeliveryView(Guid Id, DateOnly DueOn, Guid SkuId, int Quantity, DateTime? CapacityConfirmedAt, Guid? CallOffOrderId);

public sealed record AgreementView(
    Guid Id, string Title, Guid BuyerOrganizationId, string BuyerName, bool OfGroup, Guid SupplierId, string SupplierName, long CapFen, DateOnly ValidFrom, DateOnly ValidTo,
    IReadOnlyList<AgreementItemView> Items, IReadOnlyList<AgreementDeliveryView> Deliveries, AgreementProgress Progress);

/// <summary>
/// 采购协议: a unit's purchasers and admins (or operators, for the group) agree with a supplier and call off; the supplier's
/// members read theirs and confirm capacity per scheduled delivery. Someone else's agreement is not found.
/// </summary>
public static class AgreementsApi
{
    public const string Prefix = ApiRoutes.Prefix + "/agreements";
    public const string PartyPolicy = "AgreementParty";

    public static readonly ProblemType CapExceeded = new("agreement-cap-exceeded", 409, "超出采购协议金额上限 / The agreement's cap would be exceeded");

    public static IServiceCollection AddMarketplaceAgreements(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(PartyPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsParty(c.User)));
        services.AddScoped<Core.Agreements.Agreements>();
        services.AddScoped<AgreementCallOffs>();
        services.AddScoped<CreateAgreement>();
        return services;
    }

    public static bool IsUnitBuyer(ClaimsPrincipal user) =>
        user.IsMemberOf(OrganizationKind.MemberUnit) && (user.HasOrganizationRole(OrganizationRole.UnitPurchaser) || user.HasOrganizationRole(OrganizationRole.UnitAdmin));

    public static bool IsParty(ClaimsPrincipal user) => user.IsOperator() || user.IsMemberOf(OrganizationKind.Supplier) || IsUnitBuyer(user);

    /// <summary>Whether <paramref name="user"/> may read <paramref name="agreement"/>; every member unit's buyers read the group's (<paramref name="ofGroup"/>).</summary>
    public static bool Sees(ClaimsPrincipal user, ProcurementAgreement agreement, bool ofGroup) =>
        user.IsOperator()
        || (user.IsMemberOf(OrganizationKind.Supplier) && user.GetOrganizationId() == agreement.SupplierId)
        || (IsUnitBuyer(user) && (ofGroup || user.GetOrganizationId() == agreement.BuyerOrganizationId));

    /// <summary>Whether <paramref name="user"/> may call off: the agreement's unit purchasers, any member unit's for the group's, operators of the buyer.</summary>
    public static bool MayCallOff(ClaimsPrincipal user, Guid buyerOrganizationId, bool ofGroup) =>
        (user.IsMemberOf(OrganizationKind.MemberUnit) && user.HasOrganizationRole(OrganizationRole.UnitPurchaser) && (ofGroup || user.GetOrganizationId() == buyerOrganizationId))
        || (user.IsOperator() && user.GetOrganizationId() == buyerOrganizationId);

    /// <summary>The agreements <paramref name="user"/> is party to, newest first, with views.</summary>
    public static async Task<IReadOnlyList<AgreementView>> VisibleAsync(
        MarketplaceDbContext db, Core.Agreements.Agreements agreements, ClaimsPrincipal user, int take, CancellationToken cancellationToken)
    {
        var own = user.GetOrganizationId();
        var groups = db.Organizations.Where(o => o.Kind == OrganizationKind.Group).Select(o => o.Id);
        var query = db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery();
        if (!user.IsOperator())
        {
            query = query.Where(a => a.SupplierId == own || a.BuyerOrganizationId == own || groups.Contains(a.BuyerOrganizationId));
        }

        var list = await query.OrderByDescending(a => a.CreatedAt).Take(take).ToListAsync(cancellationToken);
        var groupIds = await groups.ToListAsync(cancellationToken);
        var views = new List<AgreementView>();
        foreach (var agreement in list.Where(a => Sees(user, a, groupIds.Contains(a.BuyerOrganizationId))))
        {
            views.Add(await ViewAsync(db, agreements, agreement, cancellationToken));
        }

        return views;
    }

    public static IEndpointRouteBuilder MapMarketplaceAgreementsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Agreements").RequireAuthorization(PartyPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/agreements", ListAsync)
            .WithSummary("采购协议列表（本单位采购员与管理员、本供应商、平台运营） / Framework agreements I am party to (unit purchasers and admins, suppliers, operators)");
        group.MapPost("/agreements", CreateAsync).WithValidation<CreateAgreementRequest>()
            .WithSummary("签订采购协议：锁定价格、金额上限、有效期、交付计划（单位采购员与管理员；平台运营可为集团） / Agree locked prices, a cap, validity and a schedule");
        group.MapGet("/agreements/{agreementId:guid}", GetAsync)
            .WithSummary("采购协议详情与执行进度（协议双方与平台运营） / An agreement with ordered, delivered and paid against its cap");
        group.MapPost("/agreements/{agreementId:guid}/call-offs", CallOffAsync).WithValidation<CallOffInput>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("按计划或按需下达订单，按协议价、不超上限（协议单位的采购员） / Call off a scheduled delivery or SKUs on demand at the locked prices");
        group.MapPost("/agreements/{agreementId:guid}/deliveries/{deliveryId:guid}/confirm", ConfirmAsync)
            .WithSummary("确认计划交付的产能（协议供应商人员） / Confirm capacity for a scheduled delivery (the supplier's members)");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<AgreementView>>> ListAsync(MarketplaceDbContext db, Core.Agreements.Agreements agreements, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await VisibleAsync(db, agreements, context.User, 200, cancellationToken));

    private static async Task<Results<Created<AgreementView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAgreementRequest request, CreateAgreement handler, MarketplaceDbContext db, Core.Agreements.Agreements agreements, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(request, context, cancellationToken);
        return outcome switch
        {
            { Agreement: { } agreement } => TypedResults.Created($"{Prefix}/{agreement.Id}", await ViewAsync(db, agreements, agreement, cancellationToken)),
            { Forbidden: true } => TypedResults.Problem(Problems.Create(context, Problems.Forbidden, detail: outcome.Error)),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [outcome.Field!] = [outcome.Error!] }),
        };
    }

    private static async Task<Results<Ok<AgreementView>, ProblemHttpResult>> GetAsync(
        Guid agreementId, MarketplaceDbContext db, Core.Agreements.Agreements agreements, HttpContext context, CancellationToken cancellationToken) =>
        await FindAsync(db, agreementId, context, cancellationToken) is { } found
            ? TypedResults.Ok(await ViewAsync(db, agreements, found.Agreement, cancellationToken))
            : TypedResults.Problem(Problems.Create(context, Problems.NotFound));

    private static async Task<Results<Accepted<OrderAccepted>, ValidationProblem, ProblemHttpResult>> CallOffAsync(
        Guid agreementId, CallOffInput input, MarketplaceDbContext db, AgreementCallOffs callOffs, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var key = context.Request.Headers[PlaceOrder.IdempotencyHeader].ToString();
        if (!PlaceOrder.KeyPattern().IsMatch(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [PlaceOrder.IdempotencyHeader] = [l["Order.IdempotencyKey"]] });
        }

        if (await FindAsync(db, agreementId, context, cancellationToken) is not { } found)
        {
            return TypedResults.Problem(Problems.Create(context, Problems.NotFound));
        }

        var (agreement, ofGroup) = found;
        if (!MayCallOff(context.User, agreement.BuyerOrganizationId, ofGroup))
        {
            return TypedResults.Problem(Problems.Create(context, Problems.Forbidden, detail: l["Agreement.NotYourUnit"]));
        }

        var outcome = await CallOffs.TryAsync(callOffs, agreementId, new CallOffRequest(
            AuditActors.UserId(context.User)!.Value, context.User.GetOrganizationId()!.Value, input.DeliveryId, [.. (input.Lines ?? []).Select(x => new RequestedLine(x.SkuId, x.Quantity))],
            input.Address!.ToAddress(), PlaceOrder.Trimmed(input.Note), key, AuditActors.Of(context)), cancellationToken);
        return outcome switch
        {
            { Order: { } order } => TypedResults.Accepted($"{OrderingApi.Orders}/{order.OrderId}", new OrderAccepted(order.OrderId, order.Number, order.Status)),
            { Rule: AgreementRule.OutOfRange or AgreementRule.NotAnAgreedSku } => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lines"] = [l["Agreement.Rule." + outcome.Rule]] }),
            _ => TypedResults.Problem(Problems.Create(context, CallOffs.ProblemOf(outcome.Rule!.Value), detail: l["Agreement.Rule." + outcome.Rule])),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ConfirmAsync(
        Guid agreementId, Guid deliveryId, MarketplaceDbContext db, Core.Agreements.Agreements agreements, HttpContext context, CancellationToken cancellationToken)
    {
        var agreement = (await FindAsync(db, agreementId, context, cancellationToken))?.Agreement;
        if (agreement is null || agreement.Deliveries.All(d => d.Id != deliveryId))
        {
            return TypedResults.Problem(Problems.Create(context, Problems.NotFound));
        }

        if (!(context.User.IsMemberOf(OrganizationKind.Supplier) && context.User.GetOrganizationId() == agreement.SupplierId))
        {
            return TypedResults.Problem(Problems.Create(context, Problems.Forbidden));
        }

        await agreements.ConfirmCapacityAsync(agreementId, deliveryId, AuditActors.Of(context), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The agreement if the caller may read it, and whether the group is its buyer.</summary>
    internal static async Task<(ProcurementAgreement Agreement, bool OfGroup)?> FindAsync(MarketplaceDbContext db, Guid agreementId, HttpContext context, CancellationToken cancellationToken)
    {
        var agreement = await db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == agreementId, cancellationToken);
        if (agreement is null)
        {
            return null;
        }

        var ofGroup = await db.Organizations.AnyAsync(o => o.Id == agreement.BuyerOrganizationId && o.Kind == OrganizationKind.Group, cancellationToken);
        return Sees(context.User, agreement, ofGroup) ? (agreement, ofGroup) : null;
    }

    internal static async Task<AgreementView> ViewAsync(MarketplaceDbContext db, Core.Agreements.Agreements agreements, ProcurementAgreement a, CancellationToken cancellationToken)
    {
        var parties = await db.Organizations.Where(o => o.Id == a.BuyerOrganizationId || o.Id == a.SupplierId).ToDictionaryAsync(o => o.Id, cancellationToken);
        var names = parties.ToDictionary(p => p.Key, p => p.Value.Name);
        var skuIds = a.Items.Select(i => i.SkuId).ToList();
        var skus = await db.ListingSkus.Where(s => skuIds.Contains(s.Id))
            .Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => new { s.Id, l.Name, s.Spec })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        return new AgreementView(
            a.Id, a.Title, a.BuyerOrganizationId, names.GetValueOrDefault(a.BuyerOrganizationId, ""),
            parties.GetValueOrDefault(a.BuyerOrganizationId)?.Kind == OrganizationKind.Group, a.SupplierId, names.GetValueOrDefault(a.SupplierId, ""),
            a.CapFen, a.ValidFrom, a.ValidTo,
            [.. a.Items.Select(i => new AgreementItemView(i.SkuId, skus.GetValueOrDefault(i.SkuId)?.Name ?? "", skus.GetValueOrDefault(i.SkuId)?.Spec ?? "", i.UnitPriceFen))],
            [.. a.Deliveries.OrderBy(d => d.DueOn).Select(d => new AgreementDeliveryView(d.Id, d.DueOn, d.SkuId, d.Quantity, d.CapacityConfirmedAt, d.CallOffOrderId))],
            await agreements.ProgressAsync(a.Id, cancellationToken));
    }
}
