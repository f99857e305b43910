using Marketplace.Core.Campaigns;
using Marketplace.Web.Api;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Campaigns;

/// <summary>Help-sell campaigns (活动): operators create them and read what each brought; anyone follows a campaign's link.</summary>
public static class CampaignsApi
{
    public const string Prefix = ApiRoutes.Prefix + "/campaigns";

    /// <summary>The shareable link of a campaign.</summary>
    public static string LinkOf(string code) => "/c/" + code;

    public static IServiceCollection AddMarketplaceCampaigns(this IServiceCollection services)
    {
        services.AddScoped<CreateCampaign>();
        services.AddScoped<CampaignAttribution>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceCampaignsApi(this IEndpointRouteBuilder endpoints)
    {
        var operators = endpoints.MapGroup(ApiRoutes.Prefix).WithTags("Campaigns").RequireAuthorization(MarketplacePolicies.Operator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        operators.MapGet("/campaigns", ListAsync)
            .WithSummary("活动及其带来的订单、帮助销售额与分县情况（平台运营） / Campaigns with their orders, help-sell and counties (operators)");
        operators.MapPost("/campaigns", CreateAsync).WithValidation<CreateCampaignRequest>()
            .WithSummary("新建活动（平台运营） / Create a campaign (operators)");

        // Printed and broadcast: open to everyone, and never an error page — an ended or mistyped code still lands on the storefront.
        endpoints.MapGet("/c/{code}", FollowAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<CampaignResult>>> ListAsync(CampaignQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.ListAsync(cancellationToken));

    private static async Task<Results<Created<CampaignResult>, ValidationProblem>> CreateAsync(
        CreateCampaignRequest request, CreateCampaign handler, CampaignQueries queries, IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken cancellationToken)
    {
        var (campaign, failure) = await handler.HandleAsync(request, context, cancellationToken);
        return failure switch
        {
            CreateCampaignFailure.CodeInUse => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [l["Campaign.CodeInUse", request.Code!]] }),
            CreateCampaignFailure.UnknownListing => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["landingListingId"] = [l["Campaign.UnknownListing"]] }),
            _ => TypedResults.Created($"{Prefix}/{campaign!.Code}", (await queries.ListAsync(cancellationToken)).Single(c => c.Id == campaign.Id)),
        };
    }

    private static async Task<RedirectHttpResult> FollowAsync(string code, CampaignAttribution attribution, HttpContext context, CancellationToken cancellationToken)
    {
        var campaign = await attribution.RunningAsync(code, cancellationToken);
        if (campaign is null)
        {
            return TypedResults.Redirect("/products");
        }

        CampaignAttribution.Remember(context, campaign);
        return TypedResults.Redirect(campaign.LandingListingId is { } listing ? $"/products/{listing}" : "/products");
    }
}
