using Marketplace.Web.Accounts;
using Marketplace.Web.Api;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Suppliers;

public static class SuppliersApi
{
    public const string Applications = ApiRoutes.Prefix + "/suppliers/applications";

    public static IServiceCollection AddMarketplaceSuppliers(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ApplySupplier>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceSuppliersApi(this IEndpointRouteBuilder endpoints)
    {
        // Anyone may apply; an anonymous applicant gets an account with it, so the sign-up rate limit applies.
        endpoints.MapPost(Applications, ApplyAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthenticationRateLimit.Policy)
            .WithValidation<ApplySupplierRequest>()
            .WithTags("Suppliers")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("供应商入驻申请 / Apply as a supplier");
        return endpoints;
    }

    private static async Task<Results<Created<SupplierApplicationResponse>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        ApplySupplierRequest request,
        ApplySupplier handler,
        IStringLocalizer<SharedResource> l,
        IOptions<IdentityOptions> identity,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(request, context, cancellationToken);
        return outcome.Failure switch
        {
            ApplyFailure.None => TypedResults.Created(Applications + "/" + outcome.Application!.ApplicationId, outcome.Application),
            ApplyFailure.AlreadyMember => TypedResults.Problem(Problems.Create(context, Problems.Conflict, detail: l["Supplier.AlreadyMember"])),
            ApplyFailure.CreditCodeInUse => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["unifiedSocialCreditCode"] = [l["Supplier.CreditCodeInUse"]],
            }),
            _ => TypedResults.ValidationProblem(
                IdentityErrorMessages.ByField(outcome.AccountErrors, l, identity.Value.Password)
                    .ToDictionary(e => e.Key == "email" ? "accountEmail" : e.Key == "password" ? "accountPassword" : e.Key, e => e.Value)),
        };
    }
}
