using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Edge.Xmpp;
using Edge.Xmpp.Transport;

namespace Edge.Gateway.Internal;

/// <summary>
/// A device's accepted socket as Edge.Xmpp's transport seam, on the receiving side: TLS is taken as the server, with
/// the gateway's certificate (after STARTTLS, RFC 6120 §5.4.3.3, or at once on the direct TLS port, XEP-0368).
/// </summary>
internal sealed class DeviceTransport : StreamTransport
{
    private static readonly List<SslApplicationProtocol> Alpn = [new("xmpp-client")];
    private readonly Socket _socket;
    private readonly NetworkStream _network;

    private DeviceTransport(Socket socket, NetworkStream network)
        : base(network)
    {
        _socket = socket;
        _network = network;
        Remote = socket.RemoteEndPoint?.ToString() ?? "(unknown)";
    }

    public static DeviceTransport Accepted(Socket socket)
    {
        socket.NoDelay = true;
        return new DeviceTransport(socket, new NetworkStream(socket, ownsSocket: true));
    }

    /// <summary>True once the device's TLS handshake completed.</summary>
    public bool IsTls { get; private set; }

    /// <summary>Takes TLS as the server; a failed handshake becomes <see cref="XmppConnectionException"/> (Tls).</summary>
    public async Task AcceptTlsAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var tls = new SslStream(_network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
                ApplicationProtocols = Alpn,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new XmppConnectionException(ConnectionFailure.Tls, "TLS with the device failed: " + e.Message, e);
        }

        IsTls = true;
        SetStream(tls);
    }

    /// <summary>The device's address and port, for the logs (kept: the socket forgets it once closed).</summary>
    public string Remote { get; } = string.Empty;

    public override void Abort()
    {
        try
        {
            _socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await base.DisposeCoreAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
