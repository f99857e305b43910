using System.ComponentModel.DataAnnotations;
using Marketplace.Core.Accounts;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Accounts;
using Marketplace.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Pages.Account;

/// <summary>The signed-in user's own page: display name, email, organization and roles, password.</summary>
[Authorize]
public sealed class ProfileModel(
    UserManager<MarketplaceUser> users,
    SignInManager<MarketplaceUser> signIn,
    MarketplaceDbContext db,
    IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public NameInputModel NameInput { get; set; } = new();

    public PasswordInputModel PasswordInput { get; set; } = new();

    public string Email { get; private set; } = "";

    public string? OrganizationName { get; private set; }

    public OrganizationKind? OrganizationKind { get; private set; }

    public IReadOnlyList<OrganizationRole> Roles { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        NameInput.DisplayName = user.DisplayName;
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisplayNameAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await TryUpdateModelAsync(NameInput, nameof(NameInput)))
        {
            await LoadAsync(user);
            return Page();
        }

        user.DisplayName = NameInput.DisplayName.Trim();
        await users.UpdateAsync(user);
        // A new cookie: the header greets with the display name it carries.
        await signIn.RefreshSignInAsync(user);
        StatusMessage = localizer["Profile.NameSaved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        NameInput.DisplayName = user.DisplayName;
        if (!await TryUpdateModelAsync(PasswordInput, nameof(PasswordInput)))
        {
            await LoadAsync(user);
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, PasswordInput.CurrentPassword, PasswordInput.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                    ? $"{nameof(PasswordInput)}.{nameof(PasswordInputModel.CurrentPassword)}"
                    : $"{nameof(PasswordInput)}.{nameof(PasswordInputModel.NewPassword)}";
                var message = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                    ? localizer["Profile.WrongPassword"]
                    : IdentityErrorMessages.Describe(error, localizer, identityOptions.Value.Password);
                ModelState.AddModelError(field, message);
            }

            await LoadAsync(user);
            return Page();
        }

        // The security stamp changed: other sessions end, this one gets a fresh cookie.
        await signIn.RefreshSignInAsync(user);
        StatusMessage = localizer["Profile.PasswordChanged"];
        return RedirectToPage();
    }

    private async Task LoadAsync(MarketplaceUser user)
    {
        Email = user.Email ?? "";
        var membership = await db.Memberships.AsNoTracking().Include(m => m.Roles).SingleOrDefaultAsync(m => m.UserId == user.Id);
        if (membership is null)
        {
            return;
        }

        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == membership.OrganizationId);
        OrganizationName = organization.Name;
        OrganizationKind = organization.Kind;
        Roles = [.. membership.Roles.Select(r => r.Role).Order()];
    }

    public sealed class NameInputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(AccountLimits.DisplayNameLength, ErrorMessage = "Validation.MaxLength")]
        [Display(Name = "Register.DisplayName")]
        public string DisplayName { get; set; } = "";
    }

    public sealed class PasswordInputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Password)]
        [Display(Name = "Profile.CurrentPassword")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Password)]
        [Display(Name = "ResetPassword.NewPassword")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "Validation.PasswordsDiffer")]
        [Display(Name = "Register.ConfirmPassword")]
        public string ConfirmPassword { get; set; } = "";
    }
}
