using System.Security;
using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Transport;

namespace Edge.Gateway.Internal;

/// <summary>
/// The receiving side of a device's stream, on Edge.Xmpp's public <see cref="XmppStream"/> (the client's own framing and
/// codecs: XML with restricted XML refused and each element bounded; EXI after XEP-0322 compression or on the EXI-only
/// binding), one writer at a time (<see cref="WriteLock"/>).
/// </summary>
/// <remarks>
/// Its connection logs nothing: a device's SASL elements carry its credentials, and the client-side trace of raw
/// stanzas would print them.
/// </remarks>
internal sealed class DeviceConnection(DeviceTransport transport, int maxStanzaBytes) : IAsyncDisposable
{
    private readonly XmppStream _stream = new(transport, maxStanzaBytes);

    public DeviceTransport Transport => transport;

    /// <summary>Gets the stream: its format (<see cref="XmppStream.Exi"/>) and the switch to EXI.</summary>
    public XmppStream Stream => _stream;

    /// <summary>Held by whoever writes to the device once the relay runs (both loops, and the EXI negotiation).</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>
    /// Reads the device's (re)started stream header (RFC 6120 §4.2; XEP-0322 <c>streamStart</c> under EXI); the codec
    /// starts over, as it must after STARTTLS, SASL and compression.
    /// </summary>
    public Task<XElement> ReadHeaderAsync(CancellationToken cancellationToken) => _stream.ReadHeaderAsync(cancellationToken);

    /// <summary>Writes our stream header (answering the device's, RFC 6120 §4.7) and the features.</summary>
    public Task SendHeaderAsync(string domain, string id, XElement features, CancellationToken cancellationToken)
    {
        _stream.WriteHeader(to: null, from: domain, id);
        _stream.Write(features);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Reads the next first-level element; the end of the stream is (StreamEnd, null).</summary>
    public Task<(XmppFrameKind Kind, XElement? Element)> ReadAsync(CancellationToken cancellationToken) => _stream.ReadAsync(cancellationToken);

    public void Write(XElement element) => _stream.Write(element);

    public void WriteStreamEnd() => _stream.WriteEnd();

    public Task FlushAsync(CancellationToken cancellationToken) => _stream.FlushAsync(cancellationToken);

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
                _stream.WriteHeader(to: null, from: domain, Guid.NewGuid().ToString("N"));
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
        return _stream.DisposeAsync();
    }
}
