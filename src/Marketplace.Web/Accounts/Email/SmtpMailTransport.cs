using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts.Email;

/// <summary>Sends through the SMTP server in <c>Email:Smtp</c> (STARTTLS by default).</summary>
internal sealed partial class SmtpMailTransport(IOptions<EmailOptions> options, ILogger<SmtpMailTransport> logger) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var smtp = settings.Smtp;
        using var message = new MailMessage(MailAddress.TryCreate(settings.From, out var from) ? from : new MailAddress(settings.From), new MailAddress(mail.To))
        {
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = mail.Body,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
        LogSent(smtp.Host ?? "");
    }

    [LoggerMessage(LogLevel.Information, "Mail sent through {Host}")]
    private partial void LogSent(string host);
}
