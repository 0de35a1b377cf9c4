namespace Edge.Xmpp;

/// <summary>
/// How the server's certificate is trusted. There is no "accept any certificate" switch.
/// </summary>
/// <remarks>
/// Trust comes from, in order: <see cref="PinnedSpkiSha256"/> (a pin that matches any certificate in the chain is
/// the trust anchor: field deployments with a private CA; servers usually send only their own certificate, so pin the
/// server key, or pin the CA together with <see cref="CaFile"/>), else <see cref="CaFile"/> (PEM; the chain must end in one
/// of its certificates), else the system store. The certificate must always name the XMPP domain and be in its
/// validity period.
/// </remarks>
public sealed class XmppTlsOptions
{
    /// <summary>PEM file of CA certificates to trust instead of the system store.</summary>
    public string? CaFile { get; set; }

    /// <summary>Base64 SHA-256 hashes of SubjectPublicKeyInfo (as <c>openssl ... | sha256 | base64</c> prints).</summary>
    public IList<string> PinnedSpkiSha256 { get; } = [];

    /// <summary>
    /// Refuse to log in over a stream without TLS. True by default; false only for in-memory unit tests and for a
    /// server on loopback that has no certificate.
    /// </summary>
    public bool Required { get; set; } = true;
}
