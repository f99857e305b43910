using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Navigation;

public static class LocalReturnUrl
{
    /// <summary>The return URL if it stays on this site, else the home page: never an open redirect.</summary>
    public static string OrHome(IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : url.Content("~/");
}
