using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Marketplace.Web.Accounts;

/// <summary>
/// The Data Protection key ring (what signs cookies, bearer tokens and antiforgery tokens) is stored in the database, so
/// that every web host reads what another wrote. With <c>KeyRing:Certificate</c> set, each key is encrypted with that
/// certificate before it is stored; a database copy or backup alone then cannot forge a sign-in. After a certificate is
/// replaced, keys stored under the old one stay readable while it is listed in <c>KeyRing:PreviousCertificates</c>.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "KeyRing";

    /// <summary>The certificate (a PKCS#12 file with its private key) that encrypts new keys; none stores them unencrypted.</summary>
    public CertificateFile? Certificate { get; set; }

    /// <summary>Earlier certificates, kept to decrypt the keys they encrypted until those keys expire (90 days).</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];
}

public sealed class CertificateFile
{
    public string Path { get; set; } = "";

    public string? Password { get; set; }
}

public static class KeyRingProtection
{
    /// <summary>Encrypts the stored keys with the configured certificate, if there is one; a missing or unusable file stops the start.</summary>
    public static IDataProtectionBuilder ProtectKeysAsConfigured(this IDataProtectionBuilder dataProtection, IConfiguration configuration)
    {
        var options = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (string.IsNullOrWhiteSpace(options.Certificate?.Path))
        {
            return dataProtection;
        }

        dataProtection.ProtectKeysWithCertificate(Load(options.Certificate));
        if (options.PreviousCertificates.Count > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate([.. options.PreviousCertificates.Select(Load)]);
        }

        return dataProtection;
    }

    private static X509Certificate2 Load(CertificateFile file)
    {
        if (!File.Exists(file.Path))
        {
            throw new InvalidOperationException($"{KeyRingOptions.Section}: the certificate file '{file.Path}' does not exist.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{KeyRingOptions.Section}: the certificate in '{file.Path}' has no private key, so it could not decrypt the keys it encrypts.");
    }
}
