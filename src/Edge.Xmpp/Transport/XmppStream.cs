using System.Xml.Linq;
using Edge.Exi;
using Edge.Xmpp.Exi;
using Edge.Xmpp.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Xmpp.Transport;

/// <summary>
/// One XMPP stream over a transport, frame by frame, for a host that relays streams rather than runs a client (the
/// EXI link gateway, src/Edge.Gateway): the same framing, limits and codecs as <see cref="XmppClient"/>'s connection
/// — XML (RFC 6120 §4, restricted XML refused, each first-level element bounded) and, once switched, EXI (XEP-0322:
/// one body per element, <c>streamStart</c>/<c>streamEnd</c> read back as the header and the end). Either role: the
/// initiating side opens (<see cref="OpenAsync"/>), the receiving side reads the peer's header
/// (<see cref="ReadHeaderAsync"/>) and answers (<see cref="WriteHeader"/>). One reader and one writer at a time.
/// </summary>
public sealed class XmppStream : IAsyncDisposable
{
    private readonly XmppConnection _connection;

    /// <param name="transport">The byte pipe; disposed with the stream.</param>
    /// <param name="maxStanzaBytes">The largest first-level element accepted from the peer, XML or EXI (more is <c>policy-violation</c>).</param>
    /// <param name="logger">Raw stanzas at Trace (SASL payloads redacted); none when null.</param>
    public XmppStream(IXmppTransport transport, int maxStanzaBytes, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _connection = new XmppConnection(transport, maxStanzaBytes, logger ?? NullLogger.Instance);
    }

    public IXmppTransport Transport => _connection.Transport;

    /// <summary>Gets the peer's last stream header, or null before one was read.</summary>
    public XElement? PeerHeader => _connection.PeerHeader;

    /// <summary>Gets the EXI options in force on this stream (XEP-0322), or null while it is XML.</summary>
    public ExiParameters? Exi => (_connection.Codec as ExiStreamCodec)?.Parameters;

    /// <summary>Gets a value indicating whether the stream is XEP-0322's EXI-only binding (§2.4: EXI from the first byte).</summary>
    public bool IsExiOnlyBinding => _connection.Codec is ExiStreamCodec { IsExiOnlyBinding: true };

    /// <summary>The initiating side: sends our header to <paramref name="domain"/>, reads the peer's and its features.</summary>
    public Task<XElement> OpenAsync(string domain, string? from, CancellationToken cancellationToken) =>
        _connection.OpenStreamAsync(domain, from, cancellationToken);

    /// <summary>The initiating side: STARTTLS (RFC 6120 §5) when offered, then the stream again; its features.</summary>
    /// <exception cref="XmppConnectionException">Not offered while required, refused, or the handshake failed.</exception>
    public Task<XElement> StartTlsAsync(XElement features, string domain, string? from, XmppTlsOptions tls, CancellationToken cancellationToken) =>
        _connection.StartTlsAsync(features, domain, from, tls, cancellationToken);

    /// <summary>
    /// The receiving side: reads the peer's (re)started stream header; the codec starts over first, as it must after
    /// STARTTLS, SASL and an EXI switch.
    /// </summary>
    /// <exception cref="XmppProtocolException">Something else came first (<c>bad-format</c>), or malformed input.</exception>
    public async Task<XElement> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        _connection.Codec.Reset();
        var (kind, element) = await _connection.ReadAsync(cancellationToken).ConfigureAwait(false);
        return kind != FrameKind.StreamHeader || element is null
            ? throw new XmppProtocolException("bad-format", "The peer did not open a stream.")
            : element;
    }

    /// <summary>Reads the next frame; the end of the peer's stream is (<see cref="XmppFrameKind.StreamEnd"/>, null).</summary>
    /// <exception cref="XmppProtocolException">Malformed, restricted or oversize input: the stream must be closed.</exception>
    /// <exception cref="XmppConnectionException">The connection was lost or closed.</exception>
    public async Task<(XmppFrameKind Kind, XElement? Element)> ReadAsync(CancellationToken cancellationToken)
    {
        var (kind, element) = await _connection.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (kind switch
        {
            FrameKind.StreamHeader => XmppFrameKind.StreamHeader,
            FrameKind.StreamEnd => XmppFrameKind.StreamEnd,
            _ => XmppFrameKind.Element,
        }, element);
    }

    /// <summary>Buffers our stream header (the receiving side answers with its <paramref name="id"/>); sent at the next flush.</summary>
    public void WriteHeader(string? to, string? from, string? id) =>
        _connection.WriteStreamHeader(new StreamHeader(to, from, id));

    /// <summary>Buffers one first-level element in the stream's format; sent at the next flush.</summary>
    public void Write(XElement element) => _connection.Write(element);

    /// <summary>Buffers the end of our stream (<c>&lt;/stream:stream&gt;</c>, or EXI's <c>streamEnd</c>).</summary>
    public void WriteEnd() => _connection.WriteStreamEnd();

    /// <summary>Sends everything buffered.</summary>
    /// <exception cref="XmppConnectionException">The connection was lost or closed.</exception>
    public Task FlushAsync(CancellationToken cancellationToken) => _connection.FlushAsync(cancellationToken);

    /// <summary>
    /// From the next byte on, both ways, the stream is EXI with <paramref name="parameters"/> and <paramref name="schema"/>
    /// (XEP-0322: after <c>&lt;compressed/&gt;</c>, or after an agreed setup on the EXI-only binding when
    /// <paramref name="exiOnlyBinding"/>). Bytes already buffered are read in the new format.
    /// </summary>
    /// <exception cref="ArgumentException">Options Edge's codec does not support (<see cref="ExiParameters.IsSupported"/>).</exception>
    public void UseExi(ExiParameters parameters, ExiSchema? schema, bool exiOnlyBinding = false) =>
        _connection.UseCodec(new ExiStreamCodec(parameters, schema, _connection.MaxStanzaBytes, exiOnlyBinding));

    /// <summary>
    /// From the first byte, XEP-0322 §2.4's EXI-only binding: the default options (§2.4.3) and schema (§3.14), every
    /// <c>streamStart</c> after the <c>$EXI</c> cookie and a header without options (required on the peer's too).
    /// </summary>
    public void UseExiOnlyBinding() => _connection.UseCodec(ExiStreamCodec.ForExiOnlyBinding(_connection.MaxStanzaBytes));

    /// <summary>Releases the transport (idempotent).</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
