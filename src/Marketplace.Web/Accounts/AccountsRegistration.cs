using FluentValidation;
using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Marketplace.Web.Accounts.Email;
using Marketplace.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts;

public static class AccountsRegistration
{
    public const string AuthCookieName = "marketplace.auth";

    /// <summary>Picks the bearer scheme for requests that carry a bearer token, the cookie otherwise.</summary>
    public const string CookieOrBearerScheme = "CookieOrBearer";

    /// <summary>
    /// ASP.NET Core Identity on the marketplace database, a cookie for the pages, and a fallback policy that
    /// requires a signed-in user: every endpoint that anyone may call says so explicitly.
    /// </summary>
    public static IServiceCollection AddMarketplaceAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // Any web host must read the cookies another one wrote.
        services.AddDataProtection()
            .SetApplicationName("consumption-assistance-marketplace")
            .PersistKeysToDbContext<MarketplaceDbContext>()
            .ProtectKeysAsConfigured(configuration);

        services.AddIdentity<MarketplaceUser, IdentityRole<Guid>>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                o.Password.RequiredLength = 10;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                // The address is where password resets go: it must be the person's before they may sign in.
                o.SignIn.RequireConfirmedEmail = true;
            })
            .AddEntityFrameworkStores<MarketplaceDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<MarketplaceClaimsPrincipalFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = AuthCookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = AccountPaths.Login;
            o.LogoutPath = AccountPaths.Logout;
            o.AccessDeniedPath = AccountPaths.AccessDenied;
            o.Events.OnRedirectToLogin = context => RedirectPagesOnly(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RedirectPagesOnly(context, StatusCodes.Status403Forbidden);
        });

        // Bearer tokens for programs on the same users. A request with "Authorization: Bearer" is authenticated
        // (and challenged) by the bearer scheme, every other request by the cookie.
        services.AddAuthentication()
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddPolicyScheme(CookieOrBearerScheme, CookieOrBearerScheme, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = CookieOrBearerScheme;
            o.DefaultAuthenticateScheme = CookieOrBearerScheme;
            o.DefaultChallengeScheme = CookieOrBearerScheme;
            o.DefaultForbidScheme = CookieOrBearerScheme;
        });

        services.AddMarketplaceEmail();
        services.AddScoped<AccountEmails>();
        services.AddScoped<PublicRegistration>();
        // Singletons: a validator builds its rules in its constructor, and every rule reads the request's culture and
        // clock when it runs, so one instance serves every request.
        services.AddValidatorsFromAssemblyContaining<SignInRequestValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddAuthenticationRateLimit();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, UnmatchedRequestAuthorization>();

        services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
        return services;
    }

    /// <summary>Authentication for requests that carry a sign-in cookie or an Authorization header (see <see cref="CredentialedAuthentication"/>).</summary>
    public static IApplicationBuilder UseMarketplaceAuthentication(this IApplicationBuilder app) => CredentialedAuthentication.Use(app);

    /// <summary>A file per message in the data folder unless <c>Email:Smtp:Host</c> names a server.</summary>
    private static IServiceCollection AddMarketplaceEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        services.AddSingleton<FileMailTransport>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<IMailTransport>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host)
                ? sp.GetRequiredService<FileMailTransport>()
                : sp.GetRequiredService<SmtpMailTransport>());
        services.AddSingleton<IEmailSender<MarketplaceUser>, MarketplaceEmailSender>();
        return services;
    }

    /// <summary>A program calling /api gets the status code (and ProblemDetails), not a redirect to a sign-in form.</summary>
    private static Task RedirectPagesOnly(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (ApiRoutes.IsApi(context.Request.Path))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
