using System.Buffers;
using System.IO.Pipelines;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Internal;

namespace Edge.Gateway.Internal;

/// <summary>
/// The receiving side of a device's stream: Edge.Xmpp's <see cref="StreamFramer"/> (restricted XML refused, each
/// first-level element bounded) reads it, <see cref="StanzaWriter"/> writes to it, over the device's transport.
/// </summary>
internal sealed class DeviceConnection(DeviceTransport transport, int maxStanzaBytes) : IAsyncDisposable
{
    private static readonly XNamespace StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
    private readonly StreamFramer _framer = new(maxStanzaBytes);

    public DeviceTransport Transport => transport;

    /// <summary>The device's stream header (the last one it sent, after every restart).</summary>
    public XElement? Header { get; private set; }

    /// <summary>
    /// Reads the device's (re)started stream header (RFC 6120 §4.2); the framer starts over, as it must after
    /// STARTTLS and SASL.
    /// </summary>
    public async Task<XElement> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        _framer.Reset();
        var (kind, element) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (kind != FrameKind.StreamHeader)
        {
            throw new XmppProtocolException("bad-format", "The device did not open a stream.");
        }

        Header = element;
        return element!;
    }

    /// <summary>Writes our stream header (answering the device's, RFC 6120 §4.7) and the features.</summary>
    public Task SendHeaderAsync(string domain, string id, XElement features, CancellationToken cancellationToken)
    {
        WriteRaw(HeaderText(domain, id));
        Write(features);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Reads the next first-level element; the end of the stream is (StreamEnd, null).</summary>
    public async Task<(FrameKind Kind, XElement? Element)> ReadAsync(CancellationToken cancellationToken)
    {
        var input = transport.Pipe.Input;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                throw new XmppConnectionException(ConnectionFailure.Socket, "The device's connection was lost: " + e.Message, e);
            }

            var buffer = result.Buffer;
            bool found;
            FrameKind kind;
            XElement? element;
            try
            {
                found = _framer.TryReadFrame(ref buffer, out kind, out element);
            }
            catch
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            if (found)
            {
                input.AdvanceTo(buffer.Start);
                return (kind, element);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw new XmppConnectionException(ConnectionFailure.Socket, "The device closed the connection.");
            }
        }
    }

    public void Write(XElement element) => StanzaWriter.Write(element, transport.Pipe.Output, _framer.DefaultNamespace);

    public void WriteRaw(string xml)
    {
        var output = transport.Pipe.Output;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(xml.Length));
        output.Advance(Encoding.UTF8.GetBytes(xml, span));
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            var flush = await transport.Pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new XmppConnectionException(ConnectionFailure.Socket, "The device's connection is closed for writing.");
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new XmppConnectionException(ConnectionFailure.Socket, "The device's connection was lost: " + e.Message, e);
        }
    }

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
                WriteRaw(HeaderText(domain, Guid.NewGuid().ToString("N")));
            }

            Write(new XElement(XmppNamespaces.Streams + "error", new XElement(StreamErrors + condition),
                new XElement(StreamErrors + "text", text)));
            WriteRaw("</stream:stream>");
            await FlushAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException or InvalidOperationException)
        {
            // The device may already be gone; the stream is closed either way.
        }
    }

    public static string HeaderText(string domain, string id) =>
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en' from='"
        + SecurityElement.Escape(domain) + "' id='" + SecurityElement.Escape(id) + "'>";

    public ValueTask DisposeAsync() => transport.DisposeAsync();
}
