using System.Net;
using System.Text.RegularExpressions;

namespace Marketplace.Web.Tests.Infrastructure;

/// <summary>Does what a browser does with the site's forms: reads the antiforgery token, then posts.</summary>
internal static partial class Forms
{
    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryInput().Match(html);
        Assert.That(match.Success, Is.True, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Loads <paramref name="pageUrl"/> for its token and posts <paramref name="fields"/> to <paramref name="actionUrl"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string pageUrl, string actionUrl, IReadOnlyDictionary<string, string> fields, string? accept = null)
    {
        var page = await client.GetStringAsync(pageUrl);
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(page) };
        using var request = new HttpRequestMessage(HttpMethod.Post, actionUrl) { Content = new FormUrlEncodedContent(body) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client.SendAsync(request);
    }

    [GeneratedRegex("<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
