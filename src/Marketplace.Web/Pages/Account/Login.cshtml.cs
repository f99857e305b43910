using System.ComponentModel.DataAnnotations;
using Marketplace.Core.Accounts;
using Marketplace.Web.Accounts;
using Marketplace.Web.Audit;
using Marketplace.Web.Localization;
using Marketplace.Web.Navigation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(AuthenticationRateLimit.Policy)]
public sealed class LoginModel(
    SignInManager<MarketplaceUser> signInManager,
    UserManager<MarketplaceUser> userManager,
    IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<SharedResource> localizer,
    SignInAudit signInAudit) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await userManager.FindByEmailAsync(Input.Email);
        if (user is null)
        {
            // Hash anyway, so the response time does not tell which addresses have accounts.
            _ = userManager.PasswordHasher.HashPassword(new MarketplaceUser(), Input.Password);
            await signInAudit.FailedAsync(HttpContext, Input.Email, null, null);
            return Failed("Login.Failed");
        }

        var result = await signInManager.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(LocalReturnUrl.OrHome(Url, ReturnUrl));
        }

        await signInAudit.FailedAsync(HttpContext, Input.Email, user, result);

        if (result.IsLockedOut)
        {
            var minutes = (int)identityOptions.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes;
            return Failed("Login.LockedOut", minutes);
        }

        if (result.IsNotAllowed)
        {
            return Failed(await userManager.IsEmailConfirmedAsync(user) ? "Login.NotAllowed" : "Login.EmailNotConfirmed");
        }

        return Failed("Login.Failed");
    }

    private PageResult Failed(string messageKey, params object[] arguments)
    {
        ModelState.AddModelError(string.Empty, localizer[messageKey, arguments]);
        return Page();
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [Display(Name = "Login.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Password)]
        [Display(Name = "Login.Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Login.RememberMe")]
        public bool RememberMe { get; set; }
    }
}
