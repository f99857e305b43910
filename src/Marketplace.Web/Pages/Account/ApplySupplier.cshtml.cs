using FluentValidation;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Marketplace.Web.Suppliers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Pages.Account;

/// <summary>The supplier sign-up path: organization details and, for a visitor, the applicant's account.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthenticationRateLimit.Policy)]
public sealed class ApplySupplierModel(
    ApplySupplier apply, IValidator<ApplySupplierRequest> validator, IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public ApplicationInput Input { get; set; } = new();

    public SupplierApplicationResponse? Application { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var request = new ApplySupplierRequest(
            Input.Name, Input.Type, Input.CountyCode, Input.UnifiedSocialCreditCode, Input.ContactPerson, Input.Phone, Input.Email,
            Input.DisplayName, Input.AccountEmail, Input.AccountPassword);
        foreach (var error in (await validator.ValidateAsync(request, cancellationToken)).Errors)
        {
            ModelState.AddModelError("Input." + error.PropertyName, error.ErrorMessage);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await apply.HandleAsync(request, HttpContext, cancellationToken);
        switch (outcome.Failure)
        {
            case ApplyFailure.None:
                Application = outcome.Application;
                break;
            case ApplyFailure.AlreadyMember:
                ModelState.AddModelError(string.Empty, localizer["Supplier.AlreadyMember"]);
                break;
            case ApplyFailure.CreditCodeInUse:
                ModelState.AddModelError("Input.UnifiedSocialCreditCode", localizer["Supplier.CreditCodeInUse"]);
                break;
            default:
                foreach (var error in outcome.AccountErrors)
                {
                    var field = IdentityErrorMessages.FieldOf(error) == IdentityErrorMessages.PasswordField ? "Input.AccountPassword" : "Input.AccountEmail";
                    ModelState.AddModelError(field, IdentityErrorMessages.Describe(error, localizer, identityOptions.Value.Password));
                }

                break;
        }

        return Page();
    }

    public sealed class ApplicationInput
    {
        public string? Name { get; set; }

        public SupplierType? Type { get; set; }

        public string? CountyCode { get; set; }

        public string? UnifiedSocialCreditCode { get; set; }

        public string? ContactPerson { get; set; }

        public string? Phone { get; set; }

        public string? Email { get; set; }

        public string? DisplayName { get; set; }

        public string? AccountEmail { get; set; }

        public string? AccountPassword { get; set; }
    }
}
