using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Xmpp.Transport;

/// <summary>
/// Validates the server certificate per <see cref="XmppTlsOptions"/> and remembers why it refused, so the error names
/// the reason (unknown CA, name mismatch, expired, pin mismatch) instead of a bare handshake failure.
/// </summary>
internal sealed class CertificateValidator(string targetHost, XmppTlsOptions options)
{
    public string? FailureReason { get; private set; }

    /// <summary>
    /// How every chain is built, by SslStream and by <see cref="Validate"/>: no revocation check, and nothing fetched —
    /// a server sends its intermediates with its certificate (RFC 8446 §4.4.2), the chain is built from what it sent,
    /// the CA file or the system store. A device makes no HTTP request to a CA's address in the middle of a handshake
    /// (AIA, CRL, OCSP), and the NativeAOT agent can leave HttpClient out of its binary (issue 12).
    /// </summary>
    public static X509ChainPolicy ChainPolicy() => new()
    {
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
    };

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return Fail("the server sent no certificate");
        }

        using var leaf = new X509Certificate2(certificate);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return Fail($"name mismatch: the certificate ({leaf.Subject}) does not name '{targetHost}'");
        }

        var now = DateTime.Now;
        if (now < leaf.NotBefore || now > leaf.NotAfter)
        {
            return Fail($"expired or not yet valid: valid {leaf.NotBefore:u} to {leaf.NotAfter:u}");
        }

        using var ownChain = new X509Chain { ChainPolicy = ChainPolicy() };
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                ownChain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (options.PinnedSpkiSha256.Count > 0)
        {
            ownChain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            ownChain.Build(leaf);
            foreach (var element in ownChain.ChainElements)
            {
                var pin = Convert.ToBase64String(SHA256.HashData(element.Certificate.PublicKey.ExportSubjectPublicKeyInfo()));
                if (options.PinnedSpkiSha256.Contains(pin))
                {
                    return true;
                }
            }

            return Fail("pin mismatch: no certificate in the chain has a pinned SPKI SHA-256");
        }

        if (!string.IsNullOrEmpty(options.CaFile))
        {
            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(options.CaFile);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                return Fail($"cannot read the CA file '{options.CaFile}': {e.Message}");
            }

            ownChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            ownChain.ChainPolicy.CustomTrustStore.AddRange(roots);
            return ownChain.Build(leaf) ? true : Fail(Describe(ownChain, $"the CA file '{options.CaFile}'"));
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return Fail(chain is null ? "the certificate chain is invalid" : Describe(chain, "the system store"));
        }

        return errors == SslPolicyErrors.None || Fail(errors.ToString());
    }

    private static string Describe(X509Chain chain, string store)
    {
        var statuses = chain.ChainStatus.Select(s => s.Status).ToHashSet();
        if (statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain))
        {
            return $"unknown CA: the certificate chain does not end in a CA of {store}";
        }

        if (statuses.Contains(X509ChainStatusFlags.NotTimeValid))
        {
            return "expired: a certificate in the chain is outside its validity period";
        }

        return "invalid certificate chain: " + string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
    }

    private bool Fail(string reason)
    {
        FailureReason = reason;
        return false;
    }
}
