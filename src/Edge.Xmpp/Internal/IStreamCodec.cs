using System.Buffers;
using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>
/// What goes on the wire of one stream, and back: frames read from the transport's bytes, elements and the stream's
/// opening and closing written into its buffer. <see cref="XmlStreamCodec"/> is XML (RFC 6120 §4); the EXI codec
/// (XEP-0322) replaces it after <c>&lt;compressed/&gt;</c>. <see cref="XmppConnection"/> holds exactly one at a time,
/// and everything above it sees the same (<see cref="FrameKind"/>, <see cref="XElement"/>) frames either way.
/// </summary>
internal interface IStreamCodec
{
    /// <summary>The default namespace of the peer's stream (jabber:client for a client stream).</summary>
    string DefaultNamespace { get; }

    /// <summary>
    /// Gets a value indicating whether a frame is ready without more bytes (one decoded body can hold more than one
    /// frame: an EXI streamStart with the features in it). The connection takes it before waiting for the transport.
    /// </summary>
    bool HasBufferedFrame { get; }

    /// <summary>Forgets the current stream: called on every stream restart.</summary>
    void Reset();

    /// <summary>
    /// Takes one frame from the front of <paramref name="buffer"/> and slices it off; false when more bytes are needed
    /// (the buffer may have been sliced past bytes that need not be kept).
    /// </summary>
    /// <exception cref="XmppProtocolException">Malformed, restricted or oversize input; the stream must be closed.</exception>
    bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out XElement? element);

    /// <summary>Writes the opening of our stream (the XML stream header, or EXI's streamStart).</summary>
    void WriteStreamHeader(StreamHeader header, IBufferWriter<byte> output);

    /// <summary>Writes one first-level element.</summary>
    void WriteElement(XElement element, IBufferWriter<byte> output);

    /// <summary>
    /// Writes one first-level element from the writer queue: a codec that can write a stanza straight into the buffer
    /// does (XML); any other encodes its element form.
    /// </summary>
    void Write(OutgoingStanza stanza, IBufferWriter<byte> output) => WriteElement(stanza.ToElement(), output);

    /// <summary>Writes the end of our stream (<c>&lt;/stream:stream&gt;</c>, or EXI's streamEnd).</summary>
    void WriteStreamEnd(IBufferWriter<byte> output);
}

/// <summary>The attributes of a stream header (RFC 6120 §4.7), either side's.</summary>
internal sealed record StreamHeader(string? To, string? From, string? Id = null, string DefaultNamespace = "jabber:client",
    string Version = "1.0", string Lang = "en")
{
    /// <summary>The header's attributes read back from a peer's header element.</summary>
    public static StreamHeader Parse(XElement header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var defaultNamespace = header.Attributes().FirstOrDefault(a => a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.None)?.Value;
        return new StreamHeader((string?)header.Attribute("to"), (string?)header.Attribute("from"), (string?)header.Attribute("id"),
            defaultNamespace ?? "jabber:client", (string?)header.Attribute("version") ?? "1.0", (string?)header.Attribute(XNamespace.Xml + "lang") ?? "en");
    }
}
