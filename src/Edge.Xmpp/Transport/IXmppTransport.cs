using System.IO.Pipelines;

namespace Edge.Xmpp.Transport;

/// <summary>
/// The one transport seam: a connected byte stream exposed as a duplex pipe, which STARTTLS swaps for one over TLS.
/// Production uses <see cref="TcpTransport"/>; unit tests use <see cref="StreamTransport"/> over an in-memory pair.
/// </summary>
public interface IXmppTransport : IAsyncDisposable
{
    /// <summary>The current pipe; replaced by <see cref="UpgradeToTlsAsync"/>.</summary>
    IDuplexPipe Pipe { get; }

    bool IsEncrypted { get; }

    Task ConnectAsync(string host, int port, CancellationToken cancellationToken);

    /// <summary>Performs the TLS handshake; throws <see cref="XmppConnectionException"/> (Tls) naming the reason.</summary>
    Task UpgradeToTlsAsync(string targetHost, XmppTlsOptions options, CancellationToken cancellationToken);

    /// <summary>Cuts the connection at once (no closing handshake), failing pending reads and writes.</summary>
    void Abort();
}
