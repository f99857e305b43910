namespace Marketplace.Web.Accounts.Email;

/// <summary>A plain-text message, Chinese first with English below.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>Delivers a message: to a file in the embedded default, to an SMTP server in production.</summary>
public interface IMailTransport
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}
