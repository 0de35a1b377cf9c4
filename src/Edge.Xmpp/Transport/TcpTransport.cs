using System.Net.Sockets;

namespace Edge.Xmpp.Transport;

/// <summary>TCP to the server (RFC 6120 §3), then TLS over it after STARTTLS.</summary>
public sealed class TcpTransport : StreamTransport
{
    private Socket? _socket;

    public override async Task ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new XmppConnectionException(ConnectionFailure.Socket, $"Cannot connect to {host}:{port}: {e.Message}", e);
        }

        _socket = socket;
        SetStream(new NetworkStream(socket, ownsSocket: true));
    }

    public override void Abort()
    {
        // An abortive close (RST), as a cut cable looks to the peer sooner or later.
        try
        {
            _socket?.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await base.DisposeCoreAsync().ConfigureAwait(false);
        _socket?.Dispose();
    }
}
