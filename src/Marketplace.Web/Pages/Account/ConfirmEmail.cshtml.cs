using Marketplace.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Account;

/// <summary>The link in the confirmation message: the token proves the address belongs to whoever opened it.</summary>
[AllowAnonymous]
[ResponseCache(Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ConfirmEmailModel(PublicRegistration registration) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code) => Confirmed = await registration.ConfirmEmailAsync(userId, code);
}
