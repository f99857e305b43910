using Marketplace.Core.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Account;

/// <summary>Signing out changes state, so it takes a POST with an antiforgery token: a link cannot sign anyone out.</summary>
[Authorize]
public sealed class LogoutModel(SignInManager<MarketplaceUser> signInManager) : PageModel
{
    public IActionResult OnGet()
    {
        Response.Headers.Allow = HttpMethods.Post;
        return StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signInManager.SignOutAsync();
        return LocalRedirect("~/");
    }
}
