using Marketplace.Web.Api;
using Marketplace.Web.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Marketplace.Web.Localization;

namespace Marketplace.Web.Units;

/// <summary>A unit admin's API for their unit's members: list, invite, import a roster.</summary>
public static class UnitsApi
{
    public const string Prefix = ApiRoutes.Prefix + "/units/{unitId:guid}";

    public static IServiceCollection AddMarketplaceUnits(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(UnitAdminOfRouteUnitRequirement.Policy, p => p
            .RequireAuthenticatedUser().AddRequirements(new UnitAdminOfRouteUnitRequirement()));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, UnitAdminOfRouteUnitHandler>();
        services.AddScoped<InvitationEmails>();
        services.AddScoped<InviteEmployee>();
        services.AddScoped<ImportRoster>();
        services.AddScoped<ListMembers>();
        services.AddScoped<ActivateInvitation>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceUnitsApi(this IEndpointRouteBuilder endpoints)
    {
        var unit = endpoints.MapGroup(Prefix).WithTags("Units").RequireAuthorization(UnitAdminOfRouteUnitRequirement.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        unit.MapGet("/members", ListAsync)
            .WithSummary("单位成员与待接受的邀请（单位管理员） / The unit's members and open invitations (unit admins)");
        unit.MapPost("/invitations", InviteAsync)
            .WithValidation<InviteEmployeeRequest>()
            .WithSummary("邀请职工（单位管理员） / Invite an employee by email (unit admins)");
        // Multipart from programs with bearer tokens; the page posts its own form with an antiforgery token, and the
        // cookie is SameSite=Lax, so a cross-site form cannot post here with it. No Accepts metadata: routing would
        // answer a wrong content type with 415 before authorization; the handler checks it after.
        unit.MapPost("/roster", ImportAsync)
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("导入职工花名册 CSV（单位管理员） / Import a roster CSV as invitations (unit admins)");
        return endpoints;
    }

    private static async Task<Results<Ok<UnitMembersResponse>, ProblemHttpResult>> ListAsync(
        Guid unitId, ListMembers handler, HttpContext context, CancellationToken cancellationToken) =>
        await handler.HandleAsync(unitId, cancellationToken) is { } members
            ? TypedResults.Ok(members)
            : NotFound(context);

    private static async Task<Results<Created<InvitationResponse>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        Guid unitId, InviteEmployeeRequest request, InviteEmployee handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(unitId, request, context, cancellationToken);
        return outcome.Failure switch
        {
            InviteFailure.UnitNotFound => NotFound(context),
            InviteFailure.EmailInUse => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [l["Invite.EmailInUse", request.Email!]] }),
            _ => TypedResults.Created($"{ApiRoutes.Prefix}/units/{unitId}/members", outcome.Invitation),
        };
    }

    private static async Task<Results<Created<RosterImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        Guid unitId, ImportRoster handler, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return Problem(context, Problems.UnsupportedMediaType, l["Roster.NotMultipart"]);
        }

        // Refuse a large upload before reading it, where the server lets us.
        var limit = ImportRosterRequest.MaxBytes + (64 * 1024);
        if (request.ContentLength > limit)
        {
            return Problem(context, Problems.PayloadTooLarge, l["Roster.TooLarge", ImportRosterRequest.MaxBytes / 1024 / 1024]);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count != 1)
        {
            return Problem(context, Problems.BadRequest, l["Roster.OneFile"]);
        }

        var file = form.Files[0];
        if (file.Length > ImportRosterRequest.MaxBytes)
        {
            return Problem(context, Problems.PayloadTooLarge, l["Roster.TooLarge", ImportRosterRequest.MaxBytes / 1024 / 1024]);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var outcome = await handler.HandleAsync(unitId, new ImportRosterRequest(file.FileName, file.ContentType, buffer.ToArray()), context, cancellationToken);
        return outcome.Failure switch
        {
            RosterFailure.None => TypedResults.Created($"{ApiRoutes.Prefix}/units/{unitId}/members", outcome.Imported),
            RosterFailure.UnitNotFound => NotFound(context),
            RosterFailure.TooLarge => Problem(context, Problems.PayloadTooLarge, outcome.Detail),
            RosterFailure.NotCsv => Problem(context, Problems.UnsupportedMediaType, outcome.Detail),
            RosterFailure.Malformed => Problem(context, Problems.BadRequest, outcome.Detail),
            _ => TypedResults.ValidationProblem(outcome.LineErrors!, detail: l["Roster.NothingImported"]),
        };
    }

    private static ProblemHttpResult NotFound(HttpContext context) => Problem(context, Problems.NotFound, null);

    private static ProblemHttpResult Problem(HttpContext context, ProblemType type, string? detail) =>
        TypedResults.Problem(Problems.Create(context, type, detail: detail));
}
