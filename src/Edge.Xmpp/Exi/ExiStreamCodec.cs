using System.Buffers;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Exi;

/// <summary>
/// The EXI/XMPP stream of XEP-0322, for either role: after <c>&lt;compressed/&gt;</c> every first-level element is
/// one EXI body (§3.3: document mode, SD…ED, padded to a byte boundary, no header: "options are not sent on the
/// stream, only the generated EXI bodies"), coded with the options and schemas agreed in setup. The stream header
/// becomes <c>exi:streamStart</c> with its namespace declarations as <c>exi:xmlns</c> children and the closing tag
/// <c>exi:streamEnd</c> (§2.3, §3.1 pre- and post-processing), so the frames read are the XML stream's:
/// (<see cref="FrameKind.StreamHeader"/>, a <c>stream:stream</c> element), (<see cref="FrameKind.Element"/>, a
/// stanza), (<see cref="FrameKind.StreamEnd"/>).
/// </summary>
/// <remarks>
/// Bounds, for a hostile peer: a body larger than the stanza limit is a <c>policy-violation</c> however it is coded
/// (and only the limit is buffered); decoded strings, nesting, a (pre-)compressed block's events and inflated bytes
/// are capped through the decoder options (<see cref="ExiParameters.ToExiOptions"/>), and so are the decoded
/// characters of one stanza. A body that does not decode is <c>bad-format</c> with the decoder's reason and bit
/// offset. Comments, processing instructions, DTDs and entity references are <c>restricted-xml</c> (RFC 6120 §11.1).
/// Not thread-safe: one reader and one writer, as for the XML codec.
/// </remarks>
internal sealed class ExiStreamCodec : IStreamCodec
{
    private static readonly XNamespace Streams = XmppNamespaces.Streams;
    private readonly ExiOptions _options;
    private readonly int _maxStanzaBytes;
    private readonly Queue<XElement> _pending = new();
    private readonly ExiSession? _readSession;
    private readonly ExiSession? _writeSession;
    private readonly ExiOptions? _startOptions;
    private bool _expectStart;

    /// <summary>
    /// A codec with the options and schemas a setup agreed. <paramref name="exiOnlyBinding"/>: the stream is XEP-0322's
    /// EXI-only binding (§2.4, a port of its own), where every <c>streamStart</c> is the start of an EXI stream: the
    /// <c>$EXI</c> cookie and an EXI header without options before its body (see <see cref="ForExiOnlyBinding"/>).
    /// </summary>
    public ExiStreamCodec(ExiParameters parameters, ExiSchema? schema, int maxStanzaBytes, bool exiOnlyBinding = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.IsSupported(out var reason))
        {
            throw new ArgumentException($"Edge's EXI stream codec does not support {reason}.", nameof(parameters));
        }

        Parameters = parameters;
        Schema = schema;
        _maxStanzaBytes = maxStanzaBytes;
        _options = parameters.ToExiOptions(schema, maxStanzaBytes);
        _options.Validate();
        if (parameters.SessionWideBuffers)
        {
            // §3.2 sessionWideBuffers: string tables kept from stanza to stanza, one set per direction.
            _readSession = new ExiSession(_options);
            _writeSession = new ExiSession(_options);
        }

        if (exiOnlyBinding)
        {
            // §2.4 step 4: "The client sends out 'EXI Cookie' (e.g. '$EXI') and starts EXI stream with an EXI Header
            // without any option document"; step 10: after a setup, "The new stream should have EXI header" — and the
            // agreed options are not in it ("SHOULD NOT have an EXI Options document"). Edge writes the cookie before
            // every streamStart (each one starts an EXI stream, §2.4.2: "SHOULD start the stream with an EXI cookie
            // ('$EXI') to avoid ambiguity"; 4 bytes per restart) and requires it on the peer's.
            _startOptions = _options.Clone();
            _startOptions.OmitHeader = false;
            _startOptions.IncludeCookie = true;
            _startOptions.IncludeOptions = false;
            _expectStart = true;
        }
    }

    /// <summary>
    /// The EXI-only binding's stream before any setup (XEP-0322 §2.4.3 default options: bit-packed, strict, no
    /// compression, nothing preserved, valueMaxLength 64, valuePartitionCapacity 64, no session-wide buffers; §3.14
    /// default schema <see cref="ExiSchema.XmppExiDefault"/>).
    /// </summary>
    public static ExiStreamCodec ForExiOnlyBinding(int maxStanzaBytes) =>
        new(ExiParameters.ExiOnlyDefaults, ExiSchema.XmppExiDefault, maxStanzaBytes, exiOnlyBinding: true);

    /// <summary>Gets a value indicating whether this is the EXI-only binding (XEP-0322 §2.4) rather than compression.</summary>
    public bool IsExiOnlyBinding => _startOptions is not null;

    public ExiParameters Parameters { get; }

    public ExiSchema? Schema { get; }

    public string DefaultNamespace { get; private set; } = "jabber:client";

    public bool HasBufferedFrame => _pending.Count > 0;

    /// <summary>Gets the bytes of the last body written (for benchmarks and tests counting the wire).</summary>
    public long LastBodyBytes { get; private set; }

    /// <summary>Gets the characters the session-wide string tables hold (read, written); zero without sessionWideBuffers.</summary>
    public (long Read, long Written) SessionTableCharacters => (_readSession?.TableCharacters ?? 0, _writeSession?.TableCharacters ?? 0);

    /// <summary>
    /// A stream (re)start: both sides start their string tables over. XEP-0322 §3.3 clears them "when a connection is
    /// lost" (a new connection, a XEP-0198 resumption included, gets a new codec); Edge also clears them at each
    /// restart on one connection (after SASL), where each side resets before its own streamStart and before reading
    /// the peer's, so both agree without a signal on the wire.
    /// </summary>
    public void Reset()
    {
        _pending.Clear();
        _expectStart = _startOptions is not null;
        _readSession?.Reset();
        _writeSession?.Reset();
    }

    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out XElement? element)
    {
        if (_pending.TryDequeue(out element))
        {
            kind = FrameKind.Element;
            return true;
        }

        kind = default;
        element = null;
        if (buffer.IsEmpty)
        {
            return false;
        }

        var start = _expectStart;
        if (start && !HasCookie(buffer, out var complete))
        {
            return complete
                ? throw new XmppProtocolException("bad-format",
                    "Not an EXI/XMPP stream: this port is XEP-0322's EXI-only binding, and every stream starts with the '$EXI' cookie and an EXI header without options (§2.4).")
                : false;
        }

        var input = new ExiBodyInput(buffer);
        XElement root;
        try
        {
            // The peer's streamStart carries its header and is read on its own; the session tables start after it.
            root = start
                ? ExiElementReader.Read(input, _startOptions!, null, _maxStanzaBytes * 4L)
                : ExiElementReader.Read(input, _options, _readSession, _maxStanzaBytes * 4L);
        }
        catch (ExiException e) when (input.HitEnd)
        {
            // Not all of the body has arrived. Keep waiting, but never for more than one stanza's worth.
            _ = e;
            return buffer.Length > _maxStanzaBytes
                ? throw new XmppProtocolException("policy-violation", string.Create(CultureInfo.InvariantCulture, $"An EXI body exceeded the limit of {_maxStanzaBytes} bytes."))
                : false;
        }
        catch (ExiException e)
        {
            throw new XmppProtocolException("bad-format", "Malformed EXI from the peer: " + e.Message
                + string.Create(CultureInfo.InvariantCulture, $" (bit {e.BitOffset} of the body)."), e);
        }

        if (input.Consumed > _maxStanzaBytes)
        {
            throw new XmppProtocolException("policy-violation", string.Create(CultureInfo.InvariantCulture, $"An EXI body exceeded the limit of {_maxStanzaBytes} bytes."));
        }

        buffer = buffer.Slice(input.Consumed);
        _expectStart = false;
        if (root.Name == ExiNamespaces.Exi + "streamStart")
        {
            kind = FrameKind.StreamHeader;
            element = ToStreamHeader(root);
        }
        else if (root.Name == ExiNamespaces.Exi + "streamEnd")
        {
            kind = FrameKind.StreamEnd;
        }
        else
        {
            kind = FrameKind.Element;
            element = root;
        }

        return true;
    }

    public void WriteStreamHeader(StreamHeader header, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(header);
        var start = new XElement(ExiNamespaces.Exi + "streamStart",
            Optional("from", header.From), Optional("to", header.To), Optional("id", header.Id),
            new XAttribute("version", header.Version), new XAttribute(XNamespace.Xml + "lang", header.Lang),
            Xmlns(string.Empty, header.DefaultNamespace),
            Xmlns("stream", Streams.NamespaceName));
        WriteBody(start, output, _startOptions);
    }

    public void WriteElement(XElement element, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(element);
        WriteBody(InDefaultNamespace(element), output);
    }

    public void WriteStreamEnd(IBufferWriter<byte> output) => WriteBody(new XElement(ExiNamespaces.Exi + "streamEnd"), output);

    private void WriteBody(XElement element, IBufferWriter<byte> output, ExiOptions? start = null)
    {
        using var body = new MemoryStream(256);
        try
        {
            using var reader = element.CreateReader();
            if (start is not null)
            {
                ExiCodec.Encode(reader, body, start); // the EXI-only binding's streamStart: cookie, header, body
            }
            else if (_writeSession is null)
            {
                ExiCodec.Encode(reader, body, _options);
            }
            else
            {
                ExiCodec.Encode(reader, body, _writeSession); // a body that fails leaves the tables as they were
            }
        }
        catch (ExiException e)
        {
            // A stanza the agreed grammar cannot code (strict mode and an undeclared attribute, say): the caller's
            // element is wrong for this stream, not the stream broken.
            throw new ArgumentException($"<{element.Name.LocalName} xmlns='{element.Name.NamespaceName}'> cannot be coded as EXI with the agreed options: {e.Message}", nameof(element), e);
        }

        var length = (int)body.Length;
        LastBodyBytes = length;
        body.GetBuffer().AsSpan(0, length).CopyTo(output.GetSpan(length));
        output.Advance(length);
    }

    /// <summary>
    /// XEP-0322 §3.1 post-processing: <c>exi:streamStart</c> becomes the <c>stream:stream</c> header element, its
    /// <c>exi:xmlns</c> children namespace declarations; anything else in it (features, as the XEP's schema allows)
    /// comes next as ordinary frames.
    /// </summary>
    private XElement ToStreamHeader(XElement start)
    {
        var header = new XElement(Streams + "stream");
        foreach (var attribute in start.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            header.SetAttributeValue(attribute.Name, attribute.Value);
        }

        var defaultNamespace = "jabber:client";
        foreach (var child in start.Elements())
        {
            if (child.Name != ExiNamespaces.Exi + "xmlns")
            {
                _pending.Enqueue(child);
                continue;
            }

            var prefix = (string?)child.Attribute("prefix") ?? string.Empty;
            var ns = (string?)child.Attribute("namespace") ?? string.Empty;
            try
            {
                if (prefix.Length == 0)
                {
                    defaultNamespace = ns;
                }
                else if (prefix != "xml")
                {
                    header.SetAttributeValue(XNamespace.Xmlns + XmlConvert.VerifyNCName(prefix), ns);
                }
            }
            catch (XmlException e)
            {
                throw new XmppProtocolException("bad-format", $"exi:xmlns prefix='{ExiSchemaId.Truncate(prefix)}' is not a valid prefix.", e);
            }
        }

        header.SetAttributeValue("xmlns", defaultNamespace);
        DefaultNamespace = defaultNamespace;
        foreach (var child in _pending)
        {
            child.Remove();
        }

        return header;
    }

    /// <summary>
    /// An element built without a namespace is in the stream's default one (as <see cref="StanzaWriter"/> writes it
    /// inside an XML stream); EXI has no enclosing stream to inherit it from, so it is made explicit.
    /// </summary>
    private XElement InDefaultNamespace(XElement element)
    {
        if (element.Name.Namespace != XNamespace.None)
        {
            return element;
        }

        var copy = new XElement(element);
        var ns = XNamespace.Get(DefaultNamespace.Length == 0 ? "jabber:client" : DefaultNamespace);
        foreach (var e in copy.DescendantsAndSelf().Where(e => e.Name.Namespace == XNamespace.None && !HasNamespacedAncestor(e)).ToList())
        {
            e.Name = ns + e.Name.LocalName;
        }

        return copy;
    }

    /// <summary>
    /// Whether the buffer starts with the <c>$EXI</c> cookie followed by a header whose presence bit is clear (no
    /// options document: §2.4 step 4). <paramref name="complete"/> false: too few bytes yet to tell.
    /// </summary>
    private static bool HasCookie(ReadOnlySequence<byte> buffer, out bool complete)
    {
        Span<byte> head = stackalloc byte[5];
        var length = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, length).CopyTo(head);
        complete = length == head.Length || !"$EXI"u8[..Math.Min(length, 4)].SequenceEqual(head[..Math.Min(length, 4)]);
        return length == head.Length && "$EXI"u8.SequenceEqual(head[..4]) && (head[4] & 0b1110_0000) == 0b1000_0000;
    }

    private static bool HasNamespacedAncestor(XElement element) => element.Ancestors().Any(a => a.Name.Namespace != XNamespace.None);

    private static XAttribute? Optional(string name, string? value) => value is null ? null : new XAttribute(name, value);

    private static XElement Xmlns(string prefix, string ns) =>
        new(ExiNamespaces.Exi + "xmlns", new XAttribute("prefix", prefix), new XAttribute("namespace", ns));
}
