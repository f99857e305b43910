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
    Guid Id, string Title, Guid BuyerOrganizationId, string BuyerName, Guid SupplierId, string SupplierName, long CapFen, DateOnly ValidFrom, DateOnly ValidTo,
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
        return services;
    }

    public static bool IsUnitBuyer(ClaimsPrincipal user) =>
        user.IsMemberOf(OrganizationKind.MemberUnit) && (user.HasOrganizationRole(OrganizationRole.UnitPurchaser) || user.HasOrganizationRole(OrganizationRole.UnitAdmin));

    public static bool IsParty(ClaimsPrincipal user) => user.IsOperator() || user.IsMemberOf(OrganizationKind.Supplier) || IsUnitBuyer(user);

    /// <summary>Whether <paramref name="user"/> may read <paramref name="agreement"/>.</summary>
    public static bool Sees(ClaimsPrincipal user, ProcurementAgreement agreement) =>
        user.IsOperator()
        || (user.IsMemberOf(OrganizationKind.Supplier) && user.GetOrganizationId() == agreement.SupplierId)
        || (IsUnitBuyer(user) && user.GetOrganizationId() == agreement.BuyerOrganizationId);

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

    private static async Task<Ok<IReadOnlyList<AgreementView>>> ListAsync(MarketplaceDbContext db, Core.Agreements.Agreements agreements, HttpContext context, CancellationToken cancellationToken)
    {
        var user = context.User;
        var own = user.GetOrganizationId();
        var query = db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery();
        var list = user.IsOperator() ? await query.OrderByDescending(a => a.CreatedAt).Take(200).ToListAsync(cancellationToken)
            : await query.Where(a => a.SupplierId == own || a.BuyerOrganizationId == own).OrderByDescending(a => a.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var views = new List<AgreementView>();
        foreach (var agreement in list.Where(a => Sees(user, a)))
        {
            views.Add(await ViewAsync(db, agreements, agreement, cancellationToken));
        }

        return TypedResults.Ok<IReadOnlyList<AgreementView>>(views);
    }

    private static async Task<Results<Created<AgreementView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAgreementRequest request, MarketplaceDbContext db, Core.Agreements.Agreements agreements, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var user = context.User;
        Guid? buyer = user.IsOperator() ? request.BuyerOrganizationId : IsUnitBuyer(user) ? user.GetOrganizationId() : null;
        if (buyer is null || (!user.IsOperator() && request.BuyerOrganizationId is { } named && named != buyer))
        {
            return TypedResults.Problem(Problems.Create(context, Problems.Forbidden, detail: l["Agreement.NotYourUnit"]));
        }

        var kinds = await db.Organizations.Where(o => o.Id == buyer || o.Id == request.SupplierId).ToDictionaryAsync(o => o.Id, o => o.Kind, cancellationToken);
        if (kinds.GetValueOrDefault(buyer.Value) is not (OrganizationKind.MemberUnit or OrganizationKind.Group) || kinds.GetValueOrDefault(request.SupplierId!.Value) != OrganizationKind.Supplier)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["supplierId"] = [l["Agreement.PartiesInvalid"]] });
        }

        try
        {
            var agreement = await agreements.CreateAsync(
                request.Title!, buyer.Value, request.SupplierId!.Value, request.CapFen!.Value, request.ValidFrom!.Value, request.ValidTo!.Value,
                [.. request.Items!.Select(i => new AgreementItemDraft(i.SkuId!.Value, i.UnitPriceFen!.Value))],
                [.. (request.Deliveries ?? []).Select(d => new AgreementDeliveryDraft(d.DueOn!.Value, d.SkuId!.Value, d.Quantity!.Value))],
                AuditActors.UserId(user)!.Value, cancellationToken);
            return TypedResults.Created($"{Prefix}/{agreement.Id}", await ViewAsync(db, agreements, agreement, cancellationToken));
        }
        catch (AgreementRuleException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["agreement"] = [l["Agreement.Rule." + ex.Rule]] });
        }
    }

    private static async Task<Results<Ok<AgreementView>, ProblemHttpResult>> GetAsync(
        Guid agreementId, MarketplaceDbContext db, Core.Agreements.Agreements agreements, HttpContext context, CancellationToken cancellationToken) =>
        await FindAsync(db, agreementId, context, cancellationToken) is { } agreement
            ? TypedResults.Ok(await ViewAsync(db, agreements, agreement, cancellationToken))
            : TypedResults.Problem(Problems.Create(context, Problems.NotFound));

    private static async Task<Results<Accepted<OrderAccepted>, ValidationProblem, ProblemHttpResult>> CallOffAsync(
        Guid agreementId, CallOffInput input, MarketplaceDbContext db, AgreementCallOffs callOffs, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var user = context.User;
        if (await FindAsync(db, agreementId, context, cancellationToken) is not { } agreement)
        {
            return TypedResults.Problem(Problems.Create(context, Problems.NotFound));
        }

        var mayCallOff = user.GetOrganizationId() == agreement.BuyerOrganizationId
            && (user.HasOrganizationRole(OrganizationRole.UnitPurchaser) || user.IsOperator());
        if (!mayCallOff)
        {
            return TypedResults.Problem(Problems.Create(context, Problems.Forbidden, detail: l["Agreement.NotYourUnit"]));
        }

        try
        {
            var order = await callOffs.CallOffAsync(agreementId, new CallOffRequest(
                AuditActors.UserId(user)!.Value, input.DeliveryId, [.. (input.Lines ?? []).Select(x => new RequestedLine(x.SkuId, x.Quantity))],
                input.Address!.ToAddress(), string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim()), cancellationToken);
            return TypedResults.Accepted($"{OrderingApi.Orders}/{order.Id}", new OrderAccepted(order.Id, order.Number, order.Status));
        }
        catch (AgreementRuleException ex) when (ex.Rule is AgreementRule.ExceedsCap or AgreementRule.AlreadyCalledOff or AgreementRule.NotValidToday)
        {
            return TypedResults.Problem(Problems.Create(context, ex.Rule == AgreementRule.ExceedsCap ? CapExceeded : Problems.Conflict, detail: l["Agreement.Rule." + ex.Rule]));
        }
        catch (AgreementRuleException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lines"] = [l["Agreement.Rule." + ex.Rule]] });
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ConfirmAsync(
        Guid agreementId, Guid deliveryId, MarketplaceDbContext db, Core.Agreements.Agreements agreements, HttpContext context, CancellationToken cancellationToken)
    {
        var agreement = await FindAsync(db, agreementId, context, cancellationToken);
        if (agreement is null || agreement.Deliveries.All(d => d.Id != deliveryId))
        {
            return TypedResults.Problem(Problems.Create(context, Problems.NotFound));
        }

        if (!(context.User.IsMemberOf(OrganizationKind.Supplier) && context.User.GetOrganizationId() == agreement.SupplierId))
        {
            return TypedResults.Problem(Problems.Create(context, Problems.Forbidden));
        }

        await agreements.ConfirmCapacityAsync(agreementId, deliveryId, AuditActors.UserId(context.User)!.Value, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<ProcurementAgreement?> FindAsync(MarketplaceDbContext db, Guid agreementId, HttpContext context, CancellationToken cancellationToken)
    {
        var agreement = await db.Set<ProcurementAgreement>().AsNoTracking().Include(a => a.Items).Include(a => a.Deliveries).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == agreementId, cancellationToken);
        return agreement is not null && Sees(context.User, agreement) ? agreement : null;
    }

    internal static async Task<AgreementView> ViewAsync(MarketplaceDbContext db, Core.Agreements.Agreements agreements, ProcurementAgreement a, CancellationToken cancellationToken)
    {
        var names = await db.Organizations.Where(o => o.Id == a.BuyerOrganizationId || o.Id == a.SupplierId).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var skuIds = a.Items.Select(i => i.SkuId).ToList();
        var skus = await db.ListingSkus.Where(s => skuIds.Contains(s.Id))
            .Join(db.Listings.IgnoreAutoIncludes(), s => s.ListingId, l => l.Id, (s, l) => new { s.Id, l.Name, s.Spec })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        return new AgreementView(
            a.Id, a.Title, a.BuyerOrganizationId, names.GetValueOrDefault(a.BuyerOrganizationId, ""), a.SupplierId, names.GetValueOrDefault(a.SupplierId, ""),
            a.CapFen, a.ValidFrom, a.ValidTo,
            [.. a.Items.Select(i => new AgreementItemView(i.SkuId, skus.GetValueOrDefault(i.SkuId)?.Name ?? "", skus.GetValueOrDefault(i.SkuId)?.Spec ?? "", i.UnitPriceFen))],
            [.. a.Deliveries.OrderBy(d => d.DueOn).Select(d => new AgreementDeliveryView(d.Id, d.DueOn, d.SkuId, d.Quantity, d.CapacityConfirmedAt, d.CallOffOrderId))],
            await agreements.ProgressAsync(a.Id, cancellationToken));
    }
}
