using System.ComponentModel.DataAnnotations;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Pages.Account;

/// <summary>Self-registration of the public; employees join through their unit's invitation instead.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthenticationRateLimit.Policy)]
public sealed class RegisterModel(
    PublicRegistration registration,
    IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public bool Registered { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (result, _) = await registration.RegisterAsync(Input.DisplayName, Input.Email, Input.Password, HttpContext);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = IdentityErrorMessages.FieldOf(error) == IdentityErrorMessages.PasswordField ? "Input.Password" : "Input.Email";
                var message = IdentityErrorMessages.Describe(error, localizer, identityOptions.Value.Password);
                if (ModelState[field]?.Errors.Any(e => e.ErrorMessage == message) != true)
                {
                    ModelState.AddModelError(field, message);
                }
            }

            return Page();
        }

        Registered = true;
        return Page();
    }

    public sealed class RegisterInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(AccountLimits.DisplayNameLength, ErrorMessage = "Validation.MaxLength")]
        [Display(Name = "Register.DisplayName")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(AccountLimits.EmailLength, ErrorMessage = "Validation.MaxLength")]
        [Display(Name = "Login.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Password)]
        [Display(Name = "Login.Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "Validation.PasswordsDiffer")]
        [Display(Name = "Register.ConfirmPassword")]
        public string ConfirmPassword { get; set; } = "";
    }
}
