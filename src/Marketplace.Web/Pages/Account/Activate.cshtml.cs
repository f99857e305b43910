using FluentValidation;
using Marketplace.Core.Invitations;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Marketplace.Web.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Pages.Account;

/// <summary>An invited employee opens the emailed link, chooses a name and password, and is a member of the unit.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthenticationRateLimit.Policy)]
public sealed class ActivateModel(
    ActivateInvitation activation, IValidator<ActivateInvitationRequest> validator, IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public Invitation? Invitation { get; private set; }

    public bool Activated { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Invitation = await activation.FindOpenAsync(Token, cancellationToken);
        DisplayName ??= Invitation?.Name;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Invitation = await activation.FindOpenAsync(Token, cancellationToken);
        if (Invitation is null)
        {
            return Page();
        }

        var request = new ActivateInvitationRequest(Token, DisplayName, Invitation.Email is null ? Email : null, Password);
        foreach (var error in (await validator.ValidateAsync(request, cancellationToken)).Errors)
        {
            ModelState.AddModelError(error.PropertyName, error.ErrorMessage);
        }

        if (Password != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), localizer["Validation.PasswordsDiffer"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await activation.HandleAsync(request, HttpContext, cancellationToken);
        if (outcome.InvalidInvitation)
        {
            Invitation = null;
            return Page();
        }

        foreach (var error in outcome.Errors)
        {
            var field = IdentityErrorMessages.FieldOf(error) == IdentityErrorMessages.PasswordField ? nameof(Password) : nameof(Email);
            ModelState.AddModelError(field, IdentityErrorMessages.Describe(error, localizer, identityOptions.Value.Password));
        }

        Activated = outcome.User is not null;
        return Page();
    }
}
