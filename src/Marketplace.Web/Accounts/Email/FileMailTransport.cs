using System.Globalization;
using System.Text;
using Marketplace.Core.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Accounts.Email;

/// <summary>
/// Writes each message as an RFC 5322 .eml file (UTF-8, 8bit) into <c>{DataDirectory}/mail/</c> and logs where:
/// the embedded default sends nothing over the network, and a mail client or a test can open the file.
/// </summary>
internal sealed partial class FileMailTransport(
    IOptions<DatabaseOptions> database,
    IOptions<EmailOptions> email,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<FileMailTransport> logger) : IMailTransport
{
    public const string FolderName = "mail";

    public string Folder => Path.Combine(Path.GetFullPath(database.Value.DataDirectory, environment.ContentRootPath), FolderName);

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var now = clock.GetUtcNow();
        var path = Path.Combine(Folder, $"{now:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        var message = new StringBuilder()
            .Append("From: ").Append(email.Value.From).Append("\r\n")
            .Append("To: ").Append(mail.To).Append("\r\n")
            .Append("Subject: ").Append(EncodeHeader(mail.Subject)).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: 8bit\r\n")
            .Append("\r\n")
            .Append(mail.Body.ReplaceLineEndings("\r\n"));
        await File.WriteAllTextAsync(path, message.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        LogWritten(path);
    }

    private static string EncodeHeader(string value) =>
        value.All(char.IsAscii) ? value : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";

    [LoggerMessage(LogLevel.Information, "Mail written to {Path}")]
    private partial void LogWritten(string path);
}
