namespace Marketplace.Web.Accounts.Email;

/// <summary>
/// How the marketplace sends mail. Without <c>Email:Smtp:Host</c> every message is written as an .eml file into
/// the data folder's <c>mail/</c> (the embedded default); with it, messages go to that SMTP server.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "消费帮扶商城 <no-reply@consumption-assistance.example>";

    /// <summary>
    /// The site's public address for links in messages (e.g. https://shop.example). When unset, links use the
    /// address of the request that caused the message; set it in production so a forged Host header cannot
    /// point a reset link elsewhere.
    /// </summary>
    public string? LinkBaseUrl { get; set; }

    /// <summary><see cref="LinkBaseUrl"/>, or the address of <paramref name="request"/> when it is unset; no trailing slash.</summary>
    public string BaseUrlFor(HttpRequest request) =>
        LinkBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? Username { get; set; }

    /// <summary>From an environment variable or user secrets, never from the repository.</summary>
    public string? Password { get; set; }
}
