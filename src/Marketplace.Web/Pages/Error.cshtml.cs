using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages;

/// <summary>
/// What people see when a page request fails: the exception handler and the status code pages run this page
/// in place of the failed request, keeping its status code (and its Retry-After during an outage).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string TraceId { get; private set; } = "";

    public string TitleKey => Status switch
    {
        StatusCodes.Status403Forbidden => "Error.Forbidden.Title",
        StatusCodes.Status404NotFound => "Error.NotFound.Title",
        StatusCodes.Status429TooManyRequests => "Error.TooManyRequests.Title",
        StatusCodes.Status503ServiceUnavailable => "Error.Unavailable.Title",
        >= 400 and < 500 => "Error.BadRequest.Title",
        _ => "Error.Failed.Title",
    };

    public string MessageKey => TitleKey.Replace(".Title", ".Message", StringComparison.Ordinal);

    public void OnGet(int? statusCode) => Describe(statusCode);

    // A failed form post is shown with the same page.
    public void OnPost(int? statusCode) => Describe(statusCode);

    private void Describe(int? statusCode)
    {
        Status = statusCode ?? (Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError);
        TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
