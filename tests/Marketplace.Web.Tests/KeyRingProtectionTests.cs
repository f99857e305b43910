using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Marketplace.Core.Data;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests;

/// <summary>
/// The key ring that signs cookies and tokens, stored in the database: encrypted at rest with the configured
/// certificate, readable by every host that has it, and still readable after the certificate is replaced.
/// </summary>
public sealed class KeyRingProtectionTests
{
    private const string Purpose = "tests.key-ring";

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("marketplace-key-ring-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_read_by_hosts_with_it_or_with_it_as_a_previous_certificate()
    {
        var data = _folder.CreateSubdirectory("data").FullName;
        var first = WriteCertificate("first", "eins-zwei");
        var second = WriteCertificate("second", "drei-vier");
        string token;
        List<string> stored;
        await using (var host = Host(data, first))
        {
            token = Protector(host).Protect("employee 1001");
            stored = await StoredKeysAsync(host);
        }

        string again, rotated;
        await using (var host = Host(data, first))
        {
            again = Protector(host).Unprotect(token);
        }

        await using (var host = Host(data, second, previous: first))
        {
            rotated = Protector(host).Unprotect(token);
        }

        await using var without = Host(data, certificate: null);
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(1));
            Assert.That(stored[0], Does.Contain("EncryptedData").And.Not.Contain("<masterKey"), "the key is stored encrypted");
            Assert.That(again, Is.EqualTo("employee 1001"), "another host with the certificate reads it");
            Assert.That(rotated, Is.EqualTo("employee 1001"), "a host with a new certificate reads keys of the previous one");
            Assert.That(() => Protector(without).Unprotect(token), Throws.InstanceOf<CryptographicException>(), "without the certificate the stored key is of no use");
        });
    }

    [Test]
    public void A_configured_certificate_file_that_is_missing_stops_the_start_and_names_the_file()
    {
        var missing = Path.Combine(_folder.FullName, "gone.pfx");
        using var host = Host(_folder.CreateSubdirectory("data").FullName, (missing, "x"));

        Assert.That(() => host.Services, Throws.InvalidOperationException.With.Message.Contains(missing));
    }

    private static MarketplaceWebFactory Host(string data, (string Path, string Password)? certificate, (string Path, string Password)? previous = null)
    {
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = data, ["DemoData:Enabled"] = "false" };
        if (certificate is { } current)
        {
            settings["KeyRing:Certificate:Path"] = current.Path;
            settings["KeyRing:Certificate:Password"] = current.Password;
        }

        if (previous is { } earlier)
        {
            settings["KeyRing:PreviousCertificates:0:Path"] = earlier.Path;
            settings["KeyRing:PreviousCertificates:0:Password"] = earlier.Password;
        }

        return new MarketplaceWebFactory(settings);
    }

    private static IDataProtector Protector(MarketplaceWebFactory host) =>
        host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static async Task<List<string>> StoredKeysAsync(MarketplaceWebFactory host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
    }

    private (string Path, string Password) WriteCertificate(string name, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=marketplace key ring {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder.FullName, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return (path, password);
    }
}
