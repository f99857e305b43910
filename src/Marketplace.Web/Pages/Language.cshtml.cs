using Marketplace.Web.Localization;
using Marketplace.Web.Navigation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages;

/// <summary>The header's language switch posts here; the choice is kept in the culture cookie.</summary>
[AllowAnonymous]
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet()
    {
        Response.Headers.Allow = HttpMethods.Post;
        return StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (Cultures.Find(culture) is not { } supported)
        {
            return BadRequest();
        }

        CultureCookie.Set(Response, supported);
        return LocalRedirect(LocalReturnUrl.OrHome(Url, returnUrl));
    }
}
