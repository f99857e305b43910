using Microsoft.AspNetCore.Localization;

namespace Marketplace.Web.Localization;

public static class CultureCookie
{
    public static string Name => CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>Remembers the visitor's language for a year.</summary>
    public static void Set(HttpResponse response, string culture) =>
        response.Cookies.Append(
            Name,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
            });
}
