using System.ComponentModel.DataAnnotations;
using Marketplace.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Marketplace.Web.Pages.Account;

/// <summary>Answers the same whether or not the address has an account, so the form cannot probe for accounts.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthenticationRateLimit.Policy)]
public sealed class ForgotPasswordModel(PublicRegistration registration) : PageModel
{
    [BindProperty]
    public ForgotPasswordInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await registration.SendPasswordHelpAsync(Input.Email, HttpContext);
        Sent = true;
        return Page();
    }

    public sealed class ForgotPasswordInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [Display(Name = "Login.Email")]
        public string Email { get; set; } = "";
    }
}
