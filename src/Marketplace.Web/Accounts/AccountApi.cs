using System.Security.Claims;
using FluentValidation;
using Marketplace.Core.Accounts;
using Marketplace.Web.Api;
using Marketplace.Web.Audit;
using Marketplace.Web.Errors;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts;

public sealed record RegistrationRequest(string? DisplayName, string? Email, string? Password);

public sealed record RegistrationResponse(Guid Id, string Email, string DisplayName);

public sealed record SignInRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record ForgotPasswordRequest(string? Email);

public sealed record ResetPasswordRequest(string? Email, string? Code, string? NewPassword);

public sealed record MeResponse(Guid Id, string Email, string DisplayName, bool EmailConfirmed);

/// <summary>
/// The account API for programs: bearer tokens (Identity's bearer scheme) on the same users as the pages'
/// cookie. Sign-in answers Identity's access-token response (access + refresh token); send the access token as
/// <c>Authorization: Bearer …</c>.
/// </summary>
public static class AccountApi
{
    public const string Prefix = ApiRoutes.Prefix + "/account";

    public static IEndpointRouteBuilder MapMarketplaceAccountApi(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup(Prefix).WithTags("Account");

        account.MapPost("/register", RegisterAsync)
            .AllowAnonymous().RequireRateLimiting(AuthenticationRateLimit.Policy).WithValidation<RegistrationRequest>()
            .WithSummary("注册（社会公众） / Register as a member of the public");
        account.MapPost("/login", SignInAsync)
            .AllowAnonymous().RequireRateLimiting(AuthenticationRateLimit.Policy).WithValidation<SignInRequest>()
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("登录，获取访问令牌 / Sign in for a bearer token");
        account.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous().WithValidation<RefreshRequest>()
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("用刷新令牌换新的访问令牌 / Exchange a refresh token for new tokens");
        account.MapPost("/forgot-password", ForgotPasswordAsync)
            .AllowAnonymous().RequireRateLimiting(AuthenticationRateLimit.Policy).WithValidation<ForgotPasswordRequest>()
            .WithSummary("发送重置密码邮件 / Email a password reset link");
        account.MapPost("/reset-password", ResetPasswordAsync)
            .AllowAnonymous().RequireRateLimiting(AuthenticationRateLimit.Policy).WithValidation<ResetPasswordRequest>()
            .WithSummary("用邮件中的验证码重置密码 / Reset the password with the emailed code");
        account.MapGet("/me", MeAsync)
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("当前用户 / The signed-in user");
        return endpoints;
    }

    private static async Task<Results<Created<RegistrationResponse>, ValidationProblem>> RegisterAsync(
        RegistrationRequest request,
        PublicRegistration registration,
        IStringLocalizer<SharedResource> localizer,
        IOptions<IdentityOptions> identity,
        HttpContext context)
    {
        var (result, user) = await registration.RegisterAsync(request.DisplayName!, request.Email!, request.Password!, context);
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(IdentityErrorMessages.ByField(result.Errors, localizer, identity.Value.Password));
        }

        return TypedResults.Created(Prefix + "/me", new RegistrationResponse(user.Id, user.Email!, user.DisplayName));
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> SignInAsync(
        SignInRequest request,
        SignInManager<MarketplaceUser> signIn,
        IStringLocalizer<SharedResource> localizer,
        IOptions<IdentityOptions> identity,
        SignInAudit signInAudit,
        HttpContext context)
    {
        var users = signIn.UserManager;
        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null)
        {
            // Hash anyway, so the response time does not tell which addresses have accounts.
            _ = users.PasswordHasher.HashPassword(new MarketplaceUser(), request.Password!);
            await signInAudit.FailedAsync(context, request.Email, null, null);
            return Unauthorized(context, localizer["Login.Failed"]);
        }

        // The bearer handler writes the token response when the sign-in succeeds.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(user, request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        await signInAudit.FailedAsync(context, request.Email, user, result);

        return Unauthorized(context, result switch
        {
            { IsLockedOut: true } => localizer["Login.LockedOut", (int)identity.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes],
            { IsNotAllowed: true } when !await users.IsEmailConfirmedAsync(user) => localizer["Login.EmailNotConfirmed"],
            { IsNotAllowed: true } => localizer["Login.NotAllowed"],
            _ => localizer["Login.Failed"],
        });
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        SignInManager<MarketplaceUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer,
        TimeProvider clock,
        IStringLocalizer<SharedResource> localizer,
        HttpContext context)
    {
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        // A changed security stamp (new password, say) ends every refresh token issued before.
        if (ticket?.Properties.ExpiresUtc is not { } expires
            || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
            || !await signIn.CanSignInAsync(user)
            || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return Unauthorized(context, localizer["Account.RefreshFailed"]);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Accepted> ForgotPasswordAsync(ForgotPasswordRequest request, PublicRegistration registration, HttpContext context)
    {
        await registration.SendPasswordHelpAsync(request.Email!, context);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ResetPasswordAsync(
        ResetPasswordRequest request,
        PublicRegistration registration,
        IStringLocalizer<SharedResource> localizer,
        IOptions<IdentityOptions> identity)
    {
        var result = await registration.ResetPasswordAsync(request.Email!, request.Code, request.NewPassword!);
        return result.Succeeded
            ? TypedResults.NoContent()
            : TypedResults.ValidationProblem(IdentityErrorMessages.ByField(result.Errors, localizer, identity.Value.Password));
    }

    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> MeAsync(ClaimsPrincipal principal, UserManager<MarketplaceUser> users)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(new MeResponse(user.Id, user.Email ?? "", user.DisplayName, user.EmailConfirmed));
    }

    private static ProblemHttpResult Unauthorized(HttpContext context, string detail) =>
        TypedResults.Problem(Problems.Create(context, Problems.Unauthorized, detail: detail));
}

internal sealed class RegistrationRequestValidator : AbstractValidator<RegistrationRequest>
{
    public RegistrationRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.DisplayName).Required(l, "Register.DisplayName").MaximumLength(AccountLimits.DisplayNameLength)
            .WithMessage(_ => l["Validation.MaxLength", l["Register.DisplayName"], AccountLimits.DisplayNameLength]);
        RuleFor(r => r.Email).Required(l, "Login.Email").ValidEmail(l);
        RuleFor(r => r.Password).Required(l, "Login.Password");
    }
}

internal sealed class SignInRequestValidator : AbstractValidator<SignInRequest>
{
    public SignInRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Email).Required(l, "Login.Email");
        RuleFor(r => r.Password).Required(l, "Login.Password");
    }
}

internal sealed class RefreshRequestValidator : AbstractValidator<RefreshRequest>
{
    public RefreshRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.RefreshToken).Required(l, "Account.RefreshToken");
}

internal sealed class ForgotPasswordRequestValidator : AbstractValidator<ForgotPasswordRequest>
{
    public ForgotPasswordRequestValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(r => r.Email).Required(l, "Login.Email").ValidEmail(l);
}

internal sealed class ResetPasswordRequestValidator : AbstractValidator<ResetPasswordRequest>
{
    public ResetPasswordRequestValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(r => r.Email).Required(l, "Login.Email");
        RuleFor(r => r.Code).Required(l, "Account.Code");
        RuleFor(r => r.NewPassword).Required(l, "ResetPassword.NewPassword");
    }
}

public static class AccountLimits
{
    public const int DisplayNameLength = 100;
    public const int EmailLength = 256;
}

internal static class AccountRules
{
    public static IRuleBuilderOptions<T, string?> Required<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer<SharedResource> l, string fieldKey) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().WithMessage(_ => l["Validation.Required", l[fieldKey]]);

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilderOptions<T, string?> rule, IStringLocalizer<SharedResource> l) =>
        rule.EmailAddress().WithMessage(_ => l["Validation.Email"])
            .MaximumLength(AccountLimits.EmailLength).WithMessage(_ => l["Validation.MaxLength", l["Login.Email"], AccountLimits.EmailLength]);
}
