using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging;

namespace Edge.Xmpp.Internal;

/// <summary>
/// One TCP/TLS session: the transport, the framer and the two primitives everything else uses, reading the next
/// frame and writing an element. Negotiation uses them sequentially; after that exactly one receive loop reads and
/// exactly one writer loop writes.
/// </summary>
internal sealed class XmppConnection(IXmppTransport transport, int maxStanzaBytes, ILogger logger) : IAsyncDisposable
{
    private readonly FrameWriter _output = new();
    private IStreamCodec _codec = new XmlStreamCodec(maxStanzaBytes);

    public IXmppTransport Transport => transport;

    public int MaxStanzaBytes => maxStanzaBytes;

    /// <summary>Gets what the wire speaks: XML until <see cref="UseCodec"/> switches it (EXI after XEP-0138 compression).</summary>
    public IStreamCodec Codec => _codec;

    /// <summary>Gets how many bytes are written but not yet flushed.</summary>
    public int BufferedBytes => _output.BufferedBytes;

    /// <summary>Gets the peer's last stream header (set whenever one is read, in either role).</summary>
    public XElement? PeerHeader { get; private set; }

    /// <summary>
    /// Switches the wire format from the next byte on: after <c>&lt;compressed/&gt;</c> both sides restart the stream
    /// in the new format (XEP-0138 §3). Bytes already buffered are read with the new codec.
    /// </summary>
    public void UseCodec(IStreamCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _codec = codec;
    }

    /// <summary>Starts (or restarts, after TLS, SASL and compression) the stream: sends our header, reads theirs and the features.</summary>
    public async Task<XElement> OpenStreamAsync(string domain, string? from, CancellationToken cancellationToken)
    {
        _codec.Reset();
        await WriteStreamHeaderAsync(new StreamHeader(domain, from), cancellationToken).ConfigureAwait(false);
        var (kind, element) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (kind != FrameKind.StreamHeader)
        {
            throw new XmppProtocolException("bad-format", "The server did not open a stream.");
        }

        var features = await ReadElementAsync(cancellationToken).ConfigureAwait(false);
        if (features.Name != XmppNamespaces.Streams + "features")
        {
            throw new XmppProtocolException("bad-format", $"Expected stream features, got <{features.Name.LocalName}>.");
        }

        return features;
    }

    /// <summary>
    /// STARTTLS (RFC 6120 §5) when the features offer it: negotiate, upgrade the transport, restart the stream.
    /// Without an offer, fails when TLS is required. Returns the features of the (possibly restarted) stream.
    /// </summary>
    public async Task<XElement> StartTlsAsync(XElement features, string domain, string? from, XmppTlsOptions tls,
        CancellationToken cancellationToken)
    {
        if (features.Element(XmppNamespaces.Tls + "starttls") is null)
        {
            return tls.Required
                ? throw new XmppConnectionException(ConnectionFailure.Tls,
                    "The server does not offer STARTTLS, and TLS is required (Xmpp:Tls:Required): refusing to send credentials in clear.")
                : features;
        }

        await WriteAsync(new XElement(XmppNamespaces.Tls + "starttls"), cancellationToken).ConfigureAwait(false);
        var answer = await ReadElementAsync(cancellationToken).ConfigureAwait(false);
        if (answer.Name != XmppNamespaces.Tls + "proceed")
        {
            throw new XmppConnectionException(ConnectionFailure.Tls, "The server refused STARTTLS.");
        }

        await transport.UpgradeToTlsAsync(domain, tls, cancellationToken).ConfigureAwait(false);
        return await OpenStreamAsync(domain, from, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the next first-level element; a stream error or the end of the stream becomes an exception.</summary>
    public async Task<XElement> ReadElementAsync(CancellationToken cancellationToken)
    {
        var (kind, element) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (kind == FrameKind.StreamEnd)
        {
            throw new XmppConnectionException(ConnectionFailure.StreamError, "The server closed the stream.");
        }

        if (element!.Name == XmppNamespaces.Streams + "error")
        {
            throw StreamErrorFrom(element);
        }

        return element;
    }

    public async Task<(FrameKind Kind, XElement? Element)> ReadAsync(CancellationToken cancellationToken)
    {
        var input = transport.Pipe.Input;
        if (_codec.HasBufferedFrame)
        {
            var none = ReadOnlySequence<byte>.Empty;
            _codec.TryReadFrame(ref none, out var buffered, out var frame);
            return (buffered, frame);
        }

        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new XmppConnectionException(ConnectionFailure.Socket, "The connection was lost: " + e.Message, e);
            }
            catch (ObjectDisposedException e)
            {
                throw new XmppConnectionException(ConnectionFailure.Socket, "The connection was closed.", e);
            }

            var buffer = result.Buffer;
            bool found;
            FrameKind kind;
            XElement? element;
            try
            {
                found = _codec.TryReadFrame(ref buffer, out kind, out element);
            }
            catch
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            if (found)
            {
                input.AdvanceTo(buffer.Start);
                if (kind == FrameKind.StreamHeader)
                {
                    PeerHeader = element;
                }

                if (element is not null && logger.IsEnabled(LogLevel.Trace))
                {
                    Log.Receive(logger, TraceText(w => w.Element(element)));
                }

                return (kind, element);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw new XmppConnectionException(ConnectionFailure.Socket, "The server closed the connection.");
            }
        }
    }

    /// <summary>Writes one element and sends it (negotiation; the writer loop batches with <see cref="Write(XElement)"/> + <see cref="FlushAsync"/>).</summary>
    public Task WriteAsync(XElement element, CancellationToken cancellationToken)
    {
        Write(element);
        return FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Serialises one element into the outgoing buffer (<see cref="StanzaWriter"/>: UTF-8, no string); nothing is sent
    /// until <see cref="FlushAsync"/>, so a batch of stanzas goes out in as few TLS records as fit whole stanzas
    /// (<see cref="FrameWriter"/>).
    /// </summary>
    public void Write(XElement element)
    {
        if (logger.IsEnabled(LogLevel.Trace))
        {
            LogSend(element);
        }

        _codec.WriteElement(element, _output);
        _output.EndFrame();
    }

    private void LogSend(XElement element) =>
        Log.Send(logger, element.Name.Namespace == XmppNamespaces.Sasl ? $"<{element.Name.LocalName}/> (SASL payload redacted)" : TraceText(w => w.Element(element)));

    /// <summary>
    /// The XML a trace line shows: what the XML stream carries (or would carry, on an EXI stream), written by our own
    /// writer — no <c>XmlWriter</c>, and no tree for a stanza that writes itself.
    /// </summary>
    private static string TraceText(Action<XmlStanzaWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        write(new XmlStanzaWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Serialises one queued stanza into the transport's buffer: one that writes itself goes straight in, with no tree
    /// (<see cref="IStreamCodec.Write"/>); nothing is sent until <see cref="FlushAsync"/>.
    /// </summary>
    public void Write(OutgoingStanza stanza)
    {
        if (logger.IsEnabled(LogLevel.Trace))
        {
            Log.Send(logger, TraceText(stanza.WriteTo));
        }

        _codec.Write(stanza, _output);
        _output.EndFrame();
    }

    public Task WriteAsync(OutgoingStanza stanza, CancellationToken cancellationToken)
    {
        Write(stanza);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Buffers our stream header (either role: a receiving side sets <see cref="StreamHeader.Id"/>).</summary>
    public void WriteStreamHeader(StreamHeader header)
    {
        _codec.WriteStreamHeader(header, _output);
        _output.EndFrame();
    }

    /// <summary>Writes our stream header and sends it.</summary>
    public Task WriteStreamHeaderAsync(StreamHeader header, CancellationToken cancellationToken)
    {
        WriteStreamHeader(header);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Appends the end of our stream (<c>&lt;/stream:stream&gt;</c> or EXI's streamEnd) to the outgoing buffer.</summary>
    public void WriteStreamEnd()
    {
        _codec.WriteStreamEnd(_output);
        _output.EndFrame();
    }

    public Task WriteStreamEndAsync(CancellationToken cancellationToken)
    {
        WriteStreamEnd();
        return FlushAsync(cancellationToken);
    }

    /// <summary>Appends raw XML markup to the transport's buffer (XML streams only: the component handshake).</summary>
    public void WriteRaw(string xml)
    {
        if (_codec is not XmlStreamCodec)
        {
            throw new InvalidOperationException("Raw XML cannot be written to an EXI stream.");
        }

        XmlStreamCodec.WriteText(xml, _output);
        _output.EndFrame();
    }

    public Task WriteRawAsync(string xml, CancellationToken cancellationToken)
    {
        WriteRaw(xml);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Sends everything buffered since the last flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await _output.FlushAsync(transport.Pipe.Output, cancellationToken).ConfigureAwait(false))
            {
                throw new XmppConnectionException(ConnectionFailure.Socket, "The connection is closed for writing.");
            }
        }
        catch (IOException e)
        {
            throw new XmppConnectionException(ConnectionFailure.Socket, "The connection was lost: " + e.Message, e);
        }
        catch (ObjectDisposedException e)
        {
            throw new XmppConnectionException(ConnectionFailure.Socket, "The connection was closed.", e);
        }
    }

    /// <summary>
    /// Runs the setup of a stream (the client's STARTTLS, SASL and bind; the component's handshake) under a deadline, and
    /// disposes the connection if it fails: malformed input is answered with a stream error first (RFC 6120 §4.9), and
    /// the deadline passing (not <paramref name="cancellationToken"/>) becomes a Socket failure with
    /// <paramref name="timeoutMessage"/>.
    /// </summary>
    public async Task<T> NegotiateAsync<T>(Func<CancellationToken, Task<T>> negotiate, TimeSpan timeout, TimeProvider time,
        string timeoutMessage, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await negotiate(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync().ConfigureAwait(false);
            throw new XmppConnectionException(ConnectionFailure.Socket, timeoutMessage, e);
        }
        catch (XmppProtocolException e)
        {
            await SendStreamErrorAsync(e.StreamErrorCondition, e.Message).ConfigureAwait(false);
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends a stream error and closes our stream (best effort: the connection is going anyway).</summary>
    public async Task SendStreamErrorAsync(string condition, string reason)
    {
        Log.SendingStreamError(logger, condition, reason);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            Write(new XElement(XmppNamespaces.Streams + "error", new XAttribute(XNamespace.Xmlns + "stream", XmppNamespaces.Streams),
                new XElement(XmppNamespaces.StreamErrors + condition)));
            WriteStreamEnd();
            await FlushAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException or InvalidOperationException or ArgumentException)
        {
            // The peer may already be gone; the stream is closed either way.
        }
    }

    public static XmppConnectionException StreamErrorFrom(XElement error)
    {
        var condition = error.Elements().FirstOrDefault(e => e.Name.Namespace == XmppNamespaces.StreamErrors && e.Name.LocalName != "text")?.Name.LocalName
            ?? "undefined-condition";
        var text = error.Element(XmppNamespaces.StreamErrors + "text")?.Value;
        return new XmppConnectionException(ConnectionFailure.StreamError,
            $"The server ended the stream: {condition}{(text is null ? string.Empty : " (" + text + ")")}", null, condition);
    }

    public ValueTask DisposeAsync() => transport.DisposeAsync();
}
