using System.Buffers;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>What the framer found in the byte stream.</summary>
internal enum FrameKind
{
    /// <summary>The peer's stream header (<c>&lt;stream:stream ...&gt;</c>); the element has no children.</summary>
    StreamHeader,

    /// <summary>One complete first-level element: a stanza or a nonza (features, SASL, SM ...).</summary>
    Element,

    /// <summary>The peer closed its stream (<c>&lt;/stream:stream&gt;</c>).</summary>
    StreamEnd,
}

/// <summary>
/// Frames an XMPP stream into first-level elements incrementally, by XML depth (depth 0 = before the stream header,
/// depth 1 = between stanzas), without waiting for the stream to end. Bytes are scanned once; a stanza split across
/// reads is resumed where the scan stopped. Each complete stanza is then parsed on its own with the stream header's
/// namespace context, DTD processing prohibited.
/// </summary>
/// <remarks>
/// RFC 6120 §11.1 restricted XML is refused before any parser sees it: a DTD or entity declaration, a comment or a
/// processing instruction (other than the XML declaration before the stream header) → <c>restricted-xml</c>.
/// A first-level element larger than the limit → <c>policy-violation</c>, with at most the limit buffered.
/// An end tag whose name is not the open element's (<c>&lt;message&gt;&lt;body&gt;x&lt;/message&gt;</c>) →
/// <c>not-well-formed</c> at once: counting depth alone would take it for the body's end and swallow every later
/// stanza into the message. The open elements' names are kept as offsets into the buffered frame and compared as raw
/// bytes, so the check allocates nothing. Anything else malformed → <c>not-well-formed</c>.
/// Call <see cref="Reset"/> on every stream restart.
/// </remarks>
internal sealed class StreamFramer
{
    private enum State : byte
    {
        Text,
        TagOpen,
        StartTag,
        StartTagQuote,
        EndTag,
        Bang,
        CData,
        Pi,
    }

    private readonly int _maxElementBytes;
    private State _state;
    private int _depth;
    private long _scanned;
    private long _frameStart = -1;
    private byte _quote;
    private byte _lastTagByte;
    private int _bangCount;
    private int _cdataEnd;
    private bool _sawHeader;
    private bool _inName;
    private long _nameStart;
    private long _nameLength;

    // Open elements inside the current stanza (the stanza itself first): pairs of (start, length) of each qualified
    // name, relative to the frame start — the frame's bytes stay buffered until it completes, so offsets stay valid.
    private long[] _open = new long[32];
    private int _openCount;
    private string _headerName = "stream:stream";
    private StanzaParserContext? _context;
    private readonly XmlTreeBuilder _parser = new();
    private XmlMarkupOptions? _options;

    public StreamFramer(int maxElementBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElementBytes, 1024);
        _maxElementBytes = maxElementBytes;
    }

    /// <summary>The stanzas' namespace context and name table (bounded: see there); null before the stream header.</summary>
    internal StanzaParserContext? Context => _context;

    /// <summary>The default namespace the peer's stream header declared (jabber:client for a client stream).</summary>
    public string DefaultNamespace { get; private set; } = "jabber:client";

    public void Reset()
    {
        _state = State.Text;
        _depth = 0;
        _scanned = 0;
        _frameStart = -1;
        _sawHeader = false;
        _context = null;
        _inName = false;
        _openCount = 0;
    }

    /// <summary>
    /// Tries to take one frame from the front of <paramref name="buffer"/>. On success the buffer is sliced past the
    /// frame. On failure the buffer may still be sliced past bytes that need not be kept (whitespace between stanzas);
    /// the caller then reads more and calls again with the remaining bytes plus the new ones.
    /// </summary>
    /// <exception cref="XmppProtocolException">Restricted, oversize or malformed input; the stream must be closed.</exception>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out XElement? element)
    {
        kind = default;
        element = null;
        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(_scanned);
        while (reader.TryRead(out var b))
        {
            var position = reader.Consumed - 1;

            // Checked before the byte is handled, so the byte that would complete an oversize element counts too.
            if (_frameStart >= 0 && position + 1 - _frameStart > _maxElementBytes)
            {
                throw new XmppProtocolException("policy-violation",
                    $"A stanza exceeded the limit of {_maxElementBytes} bytes.");
            }

            switch (_state)
            {
                case State.Text:
                    if (b == (byte)'<')
                    {
                        if (_depth <= 1)
                        {
                            _frameStart = position;
                        }

                        _state = State.TagOpen;
                    }
                    else if (_depth <= 1 && !XmlChars.IsSpace(b))
                    {
                        throw new XmppProtocolException("not-well-formed",
                            _depth == 0 ? "Text before the stream header." : "Character data between stanzas.");
                    }

                    break;
                case State.TagOpen:
                    if (b == (byte)'/')
                    {
                        _state = State.EndTag;
                        _inName = true;
                        _nameStart = position + 1 - _frameStart;
                    }
                    else if (b == (byte)'!')
                    {
                        _state = State.Bang;
                        _bangCount = 0;
                    }
                    else if (b == (byte)'?')
                    {
                        // Only the XML declaration before the stream header is allowed (RFC 6120 §11.1).
                        if (_depth != 0 || _sawHeader)
                        {
                            throw new XmppProtocolException("restricted-xml", "Processing instructions are not allowed in an XMPP stream.");
                        }

                        _state = State.Pi;
                        _bangCount = 0;
                    }
                    else
                    {
                        _state = State.StartTag;
                        _lastTagByte = b;
                        _inName = true;
                        _nameStart = position - _frameStart;
                    }

                    break;
                case State.StartTag:
                    if (_inName && (b == (byte)'/' || b == (byte)'>' || XmlChars.IsSpace(b)))
                    {
                        EndName(position);
                    }

                    if (b == (byte)'"' || b == (byte)'\'')
                    {
                        _quote = b;
                        _state = State.StartTagQuote;
                    }
                    else if (b == (byte)'<')
                    {
                        throw new XmppProtocolException("not-well-formed", "'<' inside a start tag.");
                    }
                    else if (b == (byte)'>')
                    {
                        _state = State.Text;
                        if (OnStartTagEnd(ref buffer, position + 1, selfClosing: _lastTagByte == (byte)'/', out kind, out element))
                        {
                            return true;
                        }
                    }
                    else
                    {
                        _lastTagByte = b;
                    }

                    break;
                case State.StartTagQuote:
                    if (b == _quote)
                    {
                        _state = State.StartTag;
                        _lastTagByte = b;
                    }
                    else if (b == (byte)'<')
                    {
                        throw new XmppProtocolException("not-well-formed", "'<' inside an attribute value.");
                    }

                    break;
                case State.EndTag:
                    if (_inName && (b == (byte)'>' || XmlChars.IsSpace(b)))
                    {
                        EndName(position);
                    }

                    if (b == (byte)'>')
                    {
                        _state = State.Text;
                        if (OnEndTag(ref buffer, position + 1, out kind, out element))
                        {
                            return true;
                        }
                    }

                    break;
                case State.Bang:
                    // "<![CDATA[" is the only "<!" construct allowed, and only inside a stanza. "<!--" (comment),
                    // "<!DOCTYPE", "<!ENTITY" ... are restricted XML: refused before any parser sees them.
                    if (_bangCount == 0 && b == (byte)'[' && _depth >= 2)
                    {
                        _bangCount = 1;
                    }
                    else if (_bangCount is >= 1 and < 7 && b == (byte)"[CDATA["[_bangCount])
                    {
                        if (++_bangCount == 7)
                        {
                            _state = State.CData;
                            _cdataEnd = 0;
                        }
                    }
                    else
                    {
                        throw new XmppProtocolException("restricted-xml",
                            "Comments, DTDs and entity declarations are not allowed in an XMPP stream.");
                    }

                    break;
                case State.CData:
                    if (b == (byte)']')
                    {
                        _cdataEnd = Math.Min(_cdataEnd + 1, 2);
                    }
                    else if (b == (byte)'>' && _cdataEnd == 2)
                    {
                        _state = State.Text;
                    }
                    else
                    {
                        _cdataEnd = 0;
                    }

                    break;
                case State.Pi:
                    // Accept "<?xml" followed by whitespace; anything else is a processing instruction.
                    if (_bangCount < 3)
                    {
                        if (b != (byte)"xml"[_bangCount])
                        {
                            throw new XmppProtocolException("restricted-xml", "Processing instructions are not allowed in an XMPP stream.");
                        }

                        _bangCount++;
                    }
                    else if (_bangCount == 3)
                    {
                        if (!XmlChars.IsSpace(b))
                        {
                            throw new XmppProtocolException("restricted-xml", "Processing instructions are not allowed in an XMPP stream.");
                        }

                        _bangCount++;
                    }
                    else if (b == (byte)'>' && _lastTagByte == (byte)'?')
                    {
                        _state = State.Text;
                        _frameStart = -1;
                    }

                    _lastTagByte = b;
                    break;
            }
        }

        // Nothing complete. Keep only what a later frame needs: whitespace between stanzas can go.
        if (_frameStart < 0 && _state == State.Text)
        {
            buffer = buffer.Slice(reader.Consumed);
            _scanned = 0;
        }
        else if (_frameStart > 0)
        {
            buffer = buffer.Slice(_frameStart);
            _scanned = reader.Consumed - _frameStart;
            _frameStart = 0;
        }
        else
        {
            _scanned = reader.Consumed;
        }

        return false;
    }

    private bool OnStartTagEnd(ref ReadOnlySequence<byte> buffer, long end, bool selfClosing, out FrameKind kind, out XElement? element)
    {
        kind = default;
        element = null;
        if (_depth == 0)
        {
            if (selfClosing)
            {
                throw new XmppProtocolException("not-well-formed", "The stream header must not be an empty element.");
            }

            element = ParseHeader(buffer.Slice(_frameStart, end - _frameStart));
            kind = FrameKind.StreamHeader;
            _depth = 1;
            _sawHeader = true;
            return Complete(ref buffer, end);
        }

        if (_depth == 1 && selfClosing)
        {
            element = ParseElement(buffer.Slice(_frameStart, end - _frameStart));
            kind = FrameKind.Element;
            return Complete(ref buffer, end);
        }

        if (!selfClosing)
        {
            PushOpen();
            _depth++;
        }

        return false;
    }

    private bool OnEndTag(ref ReadOnlySequence<byte> buffer, long end, out FrameKind kind, out XElement? element)
    {
        kind = default;
        element = null;
        if (_depth <= 0)
        {
            throw new XmppProtocolException("not-well-formed", "An end tag before the stream header.");
        }

        if (_depth >= 2)
        {
            PopOpen(buffer);
        }

        _depth--;
        if (_depth == 0)
        {
            // Only the stream's own end tag ends the stream; a stray </message> between stanzas is malformed.
            var name = Encoding.UTF8.GetString(buffer.Slice(_frameStart + 2, end - _frameStart - 3)).TrimEnd(' ', '\t', '\r', '\n');
            if (name != _headerName)
            {
                throw new XmppProtocolException("not-well-formed", $"</{name}> does not close the stream <{_headerName}>.");
            }

            kind = FrameKind.StreamEnd;
            return Complete(ref buffer, end);
        }

        if (_depth == 1)
        {
            element = ParseElement(buffer.Slice(_frameStart, end - _frameStart));
            kind = FrameKind.Element;
            return Complete(ref buffer, end);
        }

        return false;
    }

    private void EndName(long position)
    {
        _inName = false;
        _nameLength = position - _frameStart - _nameStart;
    }

    private void PushOpen()
    {
        if (_openCount * 2 == _open.Length)
        {
            Array.Resize(ref _open, _open.Length * 2);
        }

        _open[_openCount * 2] = _nameStart;
        _open[(_openCount * 2) + 1] = _nameLength;
        _openCount++;
    }

    /// <summary>Closes the innermost open element; its start tag's name and this end tag's must be the same bytes.</summary>
    private void PopOpen(ReadOnlySequence<byte> buffer)
    {
        _openCount--;
        var open = buffer.Slice(_frameStart + _open[_openCount * 2], _open[(_openCount * 2) + 1]);
        var close = buffer.Slice(_frameStart + _nameStart, _nameLength);
        if (!SameBytes(open, close))
        {
            throw new XmppProtocolException("not-well-formed",
                $"</{Encoding.UTF8.GetString(close)}> does not close <{Encoding.UTF8.GetString(open)}>.");
        }
    }

    private static bool SameBytes(ReadOnlySequence<byte> a, ReadOnlySequence<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        if (a.IsSingleSegment && b.IsSingleSegment)
        {
            return a.FirstSpan.SequenceEqual(b.FirstSpan);
        }

        // A name split across reads (rare): walk both byte by byte.
        var x = new SequenceReader<byte>(a);
        var y = new SequenceReader<byte>(b);
        while (x.TryRead(out var p) && y.TryRead(out var q))
        {
            if (p != q)
            {
                return false;
            }
        }

        return true;
    }

    private bool Complete(ref ReadOnlySequence<byte> buffer, long end)
    {
        buffer = buffer.Slice(end);
        _scanned = 0;
        _frameStart = -1;
        return true;
    }

    /// <summary>
    /// The stream header is one start tag (RFC 6120 §4.2): parsed alone by the stanzas' parser, its own declarations
    /// only (XML 1.0 and Namespaces rules as for any element). Its declarations become the stanzas' context.
    /// </summary>
    private XElement ParseHeader(ReadOnlySequence<byte> bytes)
    {
        var header = Parse(bytes, new NameTable(), [], startTagOnly: true, "The stream header");
        _headerName = header.GetPrefixOfNamespace(header.Name.Namespace) is { Length: > 0 } prefix
            ? prefix + ":" + header.Name.LocalName
            : header.Name.LocalName;
        if (header.Name != XmppNamespaces.Streams + "stream")
        {
            throw new XmppProtocolException("invalid-namespace", $"Expected a stream header, got <{header.Name}>.");
        }

        _context = new StanzaParserContext([.. header.Attributes().Where(a => a.IsNamespaceDeclaration)
            .Select(a => (a.Name.Namespace == XNamespace.None ? string.Empty : a.Name.LocalName, a.Value))]);
        DefaultNamespace = _context.DefaultNamespace;
        return header;
    }

    /// <summary>
    /// Parses one framed element straight from its bytes (<see cref="XmlTreeBuilder"/>: no reader, no string of the
    /// whole stanza) in the stream header's namespace context, names atomized in a table shared by the stream's stanzas
    /// and renewed after 256 Ki characters of them (<see cref="StanzaParserContext"/>).
    /// </summary>
    private XElement ParseElement(ReadOnlySequence<byte> bytes)
    {
        var context = _context ?? throw new XmppProtocolException("not-well-formed", "An element before the stream header.");
        return Parse(bytes, context.For((int)bytes.Length), context.Declarations, startTagOnly: false, "A stanza");
    }

    private XElement Parse(ReadOnlySequence<byte> bytes, XmlNameTable names, IReadOnlyList<(string Prefix, string Uri)> scope, bool startTagOnly, string what)
    {
        // The framer bounds the size; the parser needs no bound of its own beyond it (and a frame's depth).
        var options = _options ??= new XmlMarkupOptions { MaxBytes = int.MaxValue, MaxDepth = _maxElementBytes };
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> span;
            if (bytes.IsSingleSegment)
            {
                span = bytes.FirstSpan;
            }
            else
            {
                // A frame split across reads (rare): copied once into a pooled buffer.
                rented = ArrayPool<byte>.Shared.Rent((int)bytes.Length);
                bytes.CopyTo(rented);
                span = rented.AsSpan(0, (int)bytes.Length);
            }

            return _parser.Parse(span, options, names, scope, startTagOnly);
        }
        catch (XmlMarkupException e)
        {
            throw new XmppProtocolException(e.StreamErrorCondition, $"{what} is not well-formed XML: {e.Message}", e);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
