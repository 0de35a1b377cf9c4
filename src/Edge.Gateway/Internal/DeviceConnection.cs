using System.Security;
using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Gateway.Internal;

/// <summary>
/// The receiving side of a device's stream, on Edge.Xmpp's own <see cref="XmppConnection"/>: its codec reads and
/// writes the wire (XML: the <see cref="StreamFramer"/>, restricted XML refused, each element bounded; EXI after
/// XEP-0322 compression: <c>ExiStreamCodec</c>), one writer at a time (<see cref="WriteLock"/>).
/// </summary>
/// <remarks>
/// Its connection logs nothing: a device's SASL elements carry its credentials, and the client-side trace of raw
/// stanzas would print them.
/// </remarks>
internal sealed class DeviceConnection(DeviceTransport transport, int maxStanzaBytes) : IAsyncDisposable
{
    private readonly XmppConnection _connection = new(transport, maxStanzaBytes, NullLogger.Instance);

    public DeviceTransport Transport => transport;

    public XmppConnection Connection => _connection;

    /// <summary>Held by whoever writes to the device once the relay runs (both loops, and the EXI negotiation).</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>
    /// Reads the device's (re)started stream header (RFC 6120 §4.2; XEP-0322 <c>streamStart</c> under EXI); the codec
    /// starts over, as it must after STARTTLS, SASL and compression.
    /// </summary>
    public async Task<XElement> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        _connection.Codec.Reset();
        var (kind, element) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return kind != FrameKind.StreamHeader || element is null
            ? throw new XmppProtocolException("bad-format", "The device did not open a stream.")
            : element;
    }

    /// <summary>Writes our stream header (answering the device's, RFC 6120 §4.7) and the features.</summary>
    public Task SendHeaderAsync(string domain, string id, XElement features, CancellationToken cancellationToken)
    {
        _connection.Codec.WriteStreamHeader(new StreamHeader(To: null, From: domain, Id: id), transport.Pipe.Output);
        _connection.Write(features);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Reads the next first-level element; the end of the stream is (StreamEnd, null).</summary>
    public Task<(FrameKind Kind, XElement? Element)> ReadAsync(CancellationToken cancellationToken) => _connection.ReadAsync(cancellationToken);

    public void Write(XElement element) => _connection.Write(element);

    public void WriteStreamEnd() => _connection.WriteStreamEnd();

    public Task FlushAsync(CancellationToken cancellationToken) => _connection.FlushAsync(cancellationToken);

    /// <summary>From the next byte on, the device's stream is in <paramref name="codec"/> (XEP-0138 §3: after <c>&lt;compressed/&gt;</c>).</summary>
    public void UseCodec(IStreamCodec codec) => _connection.UseCodec(codec);

    /// <summary>
    /// Sends a stream error and closes our stream (RFC 6120 §4.9.1.1: after our header, if we have not sent one yet).
    /// Best effort: the connection is going anyway.
    /// </summary>
    public async Task SendStreamErrorAsync(string domain, bool headerSent, string condition, string text)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (!headerSent)
            {
                _connection.Codec.WriteStreamHeader(new StreamHeader(To: null, From: domain, Id: Guid.NewGuid().ToString("N")), transport.Pipe.Output);
            }

            Write(new XElement(XmppNamespaces.Streams + "error", new XElement(XmppNamespaces.StreamErrors + condition),
                new XElement(XmppNamespaces.StreamErrors + "text", text)));
            WriteStreamEnd();
            await FlushAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException or InvalidOperationException or ArgumentException)
        {
            // The device may already be gone; the stream is closed either way.
        }
    }

    /// <summary>An XML stream header, for refusing a connection before any stream exists (the connection limit).</summary>
    public static string HeaderText(string domain, string id) =>
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en' from='"
        + SecurityElement.Escape(domain) + "' id='" + SecurityElement.Escape(id) + "'>";

    public ValueTask DisposeAsync()
    {
        WriteLock.Dispose();
        return _connection.DisposeAsync();
    }
}
