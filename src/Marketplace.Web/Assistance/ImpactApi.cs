using Marketplace.Core.Assistance;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Marketplace.Web.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Assistance;

/// <summary>"购买者有回报": what an order, a buyer's year and a unit's year support — counties and linked households — and a unit's certificate.</summary>
public static class ImpactApi
{
    public static IEndpointRouteBuilder MapMarketplaceImpactApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ApiRoutes.Prefix + "/me/impact", MineAsync).RequireAuthorization().WithTags("Assistance")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem()
            .WithSummary("我的帮扶：本人年度购买与带动的县、户（已登录用户） / My year: purchases, counties and linked households (signed-in users)");
        endpoints.MapGet(ApiRoutes.Prefix + "/orders/{orderId:guid}/impact", OrderAsync).RequireAuthorization().WithTags("Assistance")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("订单帮扶的县与联结户数（下单人与平台运营） / The counties and linked households an order supports (its buyer and operators)");

        var unit = endpoints.MapGroup(TargetsApi.Unit).WithTags("Assistance").RequireAuthorization(RouteUnitRequirement.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        unit.MapGet("/impact", UnitAsync)
            .WithSummary("单位（含下级）年度帮扶成效（本单位及上级单位成员、平台运营） / A unit's year with its sub-units: amount, counties, households (its members, the units above it, operators)");
        unit.MapGet("/certificate", CertificateAsync).Produces(StatusCodes.Status200OK, contentType: ImpactCertificate.ContentType)
            .WithSummary("单位年度消费帮扶证书 PNG（本单位及上级单位成员、平台运营） / A unit's annual certificate as a PNG (its members, the units above it, operators)");
        return endpoints;
    }

    private static async Task<Results<Ok<Impact>, ValidationProblem>> MineAsync(
        int? year, ImpactQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken) =>
        TargetsApi.YearOf(year, clock) is { } y
            ? TypedResults.Ok(await queries.BuyerAsync(y, AuditActors.UserId(context.User)!.Value, cancellationToken))
            : TargetsApi.BadYear(l);

    private static async Task<Results<Ok<IReadOnlyList<CountyImpact>>, ProblemHttpResult>> OrderAsync(
        Guid orderId, ImpactQueries queries, OrderViews views, MarketplaceDbContext db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var visible = context.User.IsOperator()
            ? await db.Orders.AnyAsync(o => o.Id == orderId, cancellationToken)
            : await views.IsBuyerAsync(orderId, AuditActors.UserId(context.User), cancellationToken);
        return visible
            ? TypedResults.Ok(await queries.OrderAsync(orderId, ChinaCalendar.Today(clock), cancellationToken))
            : TypedResults.Problem(Problems.Create(context, Problems.NotFound));
    }

    private static async Task<Results<Ok<Impact>, ValidationProblem, ProblemHttpResult>> UnitAsync(
        Guid unitId, int? year, ImpactQueries queries, MarketplaceDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (TargetsApi.YearOf(year, clock) is not { } y)
        {
            return TargetsApi.BadYear(l);
        }

        return await UnitNamesAsync(db, unitId, cancellationToken) is null
            ? TypedResults.Problem(Problems.Create(context, Problems.NotFound))
            : TypedResults.Ok(await queries.UnitAsync(y, unitId, cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> CertificateAsync(
        Guid unitId, int? year, ImpactQueries queries, MarketplaceDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (TargetsApi.YearOf(year, clock) is not { } y)
        {
            return TargetsApi.BadYear(l);
        }

        if (await UnitNamesAsync(db, unitId, cancellationToken) is not { } names)
        {
            return TypedResults.Problem(Problems.Create(context, Problems.NotFound));
        }

        var impact = await queries.UnitAsync(y, unitId, cancellationToken);
        var png = ImpactCertificate.Draw(names.Name, names.ShortName, names.GroupName, impact, ChinaCalendar.Today(clock));
        return TypedResults.File(png, ImpactCertificate.ContentType, $"certificate-{y}.png");
    }

    /// <summary>The member unit's names and its group's; null when there is no such member unit.</summary>
    public static async Task<(string Name, string? ShortName, string GroupName)?> UnitNamesAsync(MarketplaceDbContext db, Guid unitId, CancellationToken cancellationToken)
    {
        var unit = await db.Organizations.AsNoTracking().Where(o => o.Id == unitId && o.Kind == OrganizationKind.MemberUnit)
            .Select(o => new { o.Name, o.ShortName }).SingleOrDefaultAsync(cancellationToken);
        if (unit is null)
        {
            return null;
        }

        var group = await db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.Group).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
        return (unit.Name, unit.ShortName, group ?? "");
    }
}
