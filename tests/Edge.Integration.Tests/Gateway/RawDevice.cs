using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Edge.Integration.Tests.Gateway;

/// <summary>
/// A device that writes whatever a test tells it, byte for byte (malformed, oversize, hostile), and reads what the
/// gateway answers as text. It trusts the gateway's certificate as a device would: chained to the fixture's CA.
/// </summary>
internal sealed class RawDevice : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private readonly StringBuilder _received = new();

    private RawDevice(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Everything read so far.</summary>
    public string Received => _received.ToString();

    public static async Task<RawDevice> ConnectAsync(int port, bool directTls, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.Xmpp.Host, port, cancellationToken);
        var device = new RawDevice(tcp);
        if (directTls)
        {
            await device.TlsAsync(cancellationToken);
        }

        return device;
    }

    /// <summary>Opens the stream and, on the STARTTLS port, negotiates TLS and opens it again: returns the features.</summary>
    public async Task<string> OpenAsync(bool starttls, CancellationToken cancellationToken)
    {
        await SendAsync(Header(), cancellationToken);
        var text = await ReadUntilAsync("</features>", cancellationToken);
        if (!starttls)
        {
            return text;
        }

        await SendAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", cancellationToken);
        await ReadUntilAsync("<proceed", cancellationToken);
        await TlsAsync(cancellationToken);
        _received.Clear();
        await SendAsync(Header(), cancellationToken);
        return await ReadUntilAsync("</features>", cancellationToken);
    }

    /// <summary>
    /// STARTTLS, SASL PLAIN as <paramref name="user"/> (through the gateway, checked by the server) and the restart:
    /// returns the features after authentication.
    /// </summary>
    public async Task<string> LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        await OpenAsync(starttls: true, cancellationToken);
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + user + "\0" + password));
        await SendAsync($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{plain}</auth>", cancellationToken);
        await ReadUntilAsync("<success", cancellationToken);
        _received.Clear();
        await SendAsync(Header(), cancellationToken);
        return await ReadUntilAsync("</features>", cancellationToken);
    }

    /// <summary>Sends <paramref name="request"/> and reads the first element named <paramref name="answer"/> that comes back.</summary>
    public async Task<System.Xml.Linq.XElement> AskAsync(System.Xml.Linq.XElement request, string answer, CancellationToken cancellationToken)
    {
        _received.Clear();
        await SendAsync(request.ToString(System.Xml.Linq.SaveOptions.DisableFormatting), cancellationToken);
        while (true)
        {
            var text = await ReadUntilAsync("<" + answer, cancellationToken);
            var start = text.IndexOf("<" + answer, StringComparison.Ordinal);
            for (var end = text.IndexOf('>', start); end > 0; end = text.IndexOf('>', end + 1))
            {
                try
                {
                    return System.Xml.Linq.XElement.Parse(text[start..(end + 1)]);
                }
                catch (System.Xml.XmlException)
                {
                    // not the element's end yet
                }
            }

            await ReadMoreAsync(cancellationToken);
        }
    }

    /// <summary>Reads whatever arrives next as bytes (an EXI stream is not text).</summary>
    public async Task<byte[]> ReadBytesAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[65536];
        var n = await _stream.ReadAsync(buffer, limit.Token);
        return buffer[..n];
    }

    public static string Header(string? to = null) =>
        $"<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='{to ?? Server.Xmpp.Domain}'>";

    public async Task SendAsync(string text, CancellationToken cancellationToken) => await SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads until <paramref name="marker"/> has arrived (fails the test after 20 s or if the gateway closes first).</summary>
    public async Task<string> ReadUntilAsync(string marker, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[8192];
        while (!Received.Contains(marker, StringComparison.Ordinal))
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AssertFailedException($"No '{marker}' from the gateway within 20 s; got: {Received}");
            }
            catch (IOException e)
            {
                throw new AssertFailedException($"The gateway cut the connection before '{marker}' ({e.Message}); got: {Received}");
            }

            if (n == 0)
            {
                throw new AssertFailedException($"The gateway closed the connection before '{marker}'; got: {Received}");
            }

            _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return Received;
    }

    private async Task ReadMoreAsync(CancellationToken cancellationToken)
    {
        var more = await ReadBytesAsync(cancellationToken);
        if (more.Length == 0)
        {
            throw new AssertFailedException("The gateway closed the connection; got: " + Received);
        }

        _received.Append(Encoding.UTF8.GetString(more));
    }

    /// <summary>True when the gateway closes the connection within 20 s (reading and dropping what comes first).</summary>
    public async Task<bool> ClosedByPeerAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var n = await _stream.ReadAsync(buffer, limit.Token);
                if (n == 0)
                {
                    return true;
                }

                _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static bool TrustedByFixtureCa(System.Security.Cryptography.X509Certificates.X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPemFile(Server.Xmpp.CaFile);
        using var leaf = new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private async Task TlsAsync(CancellationToken cancellationToken)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, certificate, _, _) => TrustedByFixtureCa(certificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Server.Xmpp.Domain }, cancellationToken);
        _stream = tls;
    }
}
