using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Testing.Servers;
using Edge.Xmpp.Transport;

namespace Edge.Xmpp.Tests.Transport;

/// <summary>
/// The certificate check fetches nothing: a server that leaves its intermediate out of the handshake is refused, even
/// when the leaf's AIA address (RFC 5280 §4.2.2.1) would serve it. The NativeAOT agent's link leaves HttpClient out on
/// this ground (src/Edge.Agent/NoHttpClient.Substitutions.xml).
/// </summary>
[TestClass]
public sealed class CertificateDownloadTests
{
    private const string Host = "xmpp.example.test";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task Validate_IntermediateOnlyAtTheAiaAddress_RefusedAndNothingFetched()
    {
        using var root = Issue("CN=Edge Test Root", null, null, ca: true);
        using var intermediate = Issue("CN=Edge Test Intermediate", root, null, ca: true);
        await using var server = new LoopbackHttpFile("/intermediate.cer", "application/pkix-cert", intermediate.RawData);
        using var leaf = Issue("CN=" + Host, intermediate, server.Url, ca: false);
        var caFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(caFile, root.ExportCertificatePem(), TestContext.CancellationTokenSource.Token);
            var validator = new CertificateValidator(Host, new XmppTlsOptions { CaFile = caFile });

            Assert.IsFalse(validator.Validate(this, leaf, null, SslPolicyErrors.None), "a chain that needs a download");
            StringAssert.Contains(validator.FailureReason, caFile);
            Assert.AreEqual(0, server.Connections, "the validator fetched the intermediate from the AIA address");

            // The same chain with the intermediate sent by the server passes: the refusal above is the missing download.
            using var sent = new X509Chain { ChainPolicy = CertificateValidator.ChainPolicy() };
            sent.ChainPolicy.ExtraStore.Add(intermediate);
            sent.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            sent.ChainPolicy.CustomTrustStore.Add(root);
            Assert.IsTrue(sent.Build(leaf), string.Join("; ", sent.ChainStatus.Select(s => s.StatusInformation)));
            Assert.IsTrue(new CertificateValidator(Host, new XmppTlsOptions { CaFile = caFile }).Validate(this, leaf, sent, SslPolicyErrors.None));

            // And a chain that may download does reach the address: the zero above is not an unreachable server.
            using var downloading = new X509Chain();
            downloading.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            downloading.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            downloading.ChainPolicy.CustomTrustStore.Add(root);
            downloading.Build(leaf);
            Assert.IsTrue(server.Connections > 0, "the control chain did not try the AIA address");
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    private static X509Certificate2 Issue(string subject, X509Certificate2? issuer, string? aia, bool ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            ca ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        }

        if (!ca)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(Host);
            request.CertificateExtensions.Add(names.Build());
        }

        if (aia is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [aia]));
        }

        var from = DateTimeOffset.UtcNow.AddHours(-1);
        var to = DateTimeOffset.UtcNow.AddDays(ca ? 30 : 7);
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
