using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp;

/// <summary>
/// The one XML parser of Edge: UTF-8 markup to an <see cref="XElement"/> tree without <c>XmlReader</c>. It serves the
/// XMPP stream (headers and stanzas, through the framer), and documents the agent reads — the outbox's files, a kept
/// EXI quick-setup file, an OpenADR payload — each with its own <see cref="XmlMarkupOptions"/>. What it accepts is
/// XML 1.0 with Namespaces in XML 1.0, less what RFC 6120 §11.1 restricts (no DTD ever; comments and processing
/// instructions only in a <see cref="XmlMarkupOptions.Document"/>); the tree is the one <c>XElement.Load</c> builds.
/// See <see cref="XmlScanner"/> and <see cref="XmlTreeBuilder"/> for the rules and the productions they cite.
/// </summary>
public static class XmlMarkup
{
    private static readonly XmlMarkupOptions SelfWritten = new() { MaxBytes = int.MaxValue };

    [ThreadStatic]
    private static XmlTreeBuilder? _clientStanzaParser;

    [ThreadStatic]
    private static NameTable? _clientStanzaNames;

    private static readonly (string Prefix, string Uri)[] ClientScope = [(string.Empty, XmppNamespaces.Client.NamespaceName)];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16 = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16BigEndian = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 markup.</summary>
    /// <exception cref="XmlMarkupException">Refused, with what and where.</exception>
    /// <remarks>A <see cref="XmlMarkupOptions.Document"/> that opens with a UTF-16 byte-order mark is read as UTF-16.</remarks>
    public static XElement Parse(ReadOnlySpan<byte> utf8, XmlMarkupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Document && utf8 is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            string text;
            try
            {
                text = (utf8[0] == 0xFF ? StrictUtf16 : StrictUtf16BigEndian).GetString(utf8[2..]);
            }
            catch (DecoderFallbackException e)
            {
                throw new XmlMarkupException("not-well-formed", $"Invalid UTF-16 ({e.Message})", 1, 1);
            }

            return Parse(text, options);
        }

        return new XmlTreeBuilder().Parse(utf8, options, new NameTable(), []);
    }

    /// <summary>Parses a stanza as a <c>jabber:client</c> stream carries it (its default namespace in scope).</summary>
    /// <remarks>
    /// On an EXI stream every stanza that writes itself is read back this way, so each thread keeps its parser and
    /// name table: the names are our own vocabulary (the stanza is self-written), a bounded set.
    /// </remarks>
    internal static XElement ParseClientStanza(ReadOnlySpan<byte> utf8) =>
        (_clientStanzaParser ??= new XmlTreeBuilder()).Parse(utf8, SelfWritten, _clientStanzaNames ??= new NameTable(), ClientScope);

    /// <summary>Parses markup held as a string (encoded to UTF-8 first).</summary>
    /// <exception cref="XmlMarkupException">Refused, with what and where.</exception>
    public static XElement Parse(string text, XmlMarkupOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (text.Length > options.MaxBytes)
        {
            throw new XmlMarkupException("policy-violation", $"The input is larger than {options.MaxBytes} bytes.", 1, 1);
        }

        var bytes = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(text.Length));
        try
        {
            int length;
            try
            {
                length = StrictUtf8.GetBytes(text, bytes);
            }
            catch (EncoderFallbackException e)
            {
                throw new XmlMarkupException("not-well-formed", $"The text holds a lone surrogate (U+{(int)e.CharUnknown:X4}), which is no XML character.", 1, 1);
            }

            // The text is characters already: an encoding its XML declaration names no longer applies.
            return new XmlTreeBuilder().Parse(bytes.AsSpan(0, length), options, new NameTable(), [], declaredEncoding: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Parses UTF-8 markup; false with the reason when it is refused.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, XmlMarkupOptions options, [NotNullWhen(true)] out XElement? root,
        [NotNullWhen(false)] out XmlMarkupException? error)
    {
        try
        {
            root = Parse(utf8, options);
            error = null;
            return true;
        }
        catch (XmlMarkupException e)
        {
            root = null;
            error = e;
            return false;
        }
    }

    /// <summary>
    /// The text of <paramref name="element"/>: what <c>element.ToString(SaveOptions.DisableFormatting)</c> gives, or with
    /// <paramref name="indent"/> what <c>element.ToString()</c> gives, written by the stream's own writer
    /// (<see cref="StanzaWriter"/>) instead of <c>XmlWriter</c>. Use this wherever Edge needs an element as text (a
    /// file, a command's output, a log line): the agent's binary leaves <c>XmlWriter</c> out, and with it
    /// <c>XNode.ToString()</c> (src/Edge.Agent/NoXmlWriter.Substitutions.xml).
    /// </summary>
    /// <remarks>
    /// The same text for the trees Edge builds. It differs from <c>ToString()</c> only where XML means the same: a CR in
    /// text is written as <c>&amp;#xD;</c> (kept, where <c>XmlWriter</c> turned it into a line feed), CDATA as escaped
    /// text, comments and processing instructions are left out, a default namespace declared by an attribute is
    /// written after the other attributes, and an attribute in a namespace nobody declared gets its prefix
    /// (<c>p1</c>…) declared before it, where XmlWriter declares it after the attributes.
    /// </remarks>
    /// <exception cref="ArgumentException">A character XML 1.0 forbids (§2.2), as <c>XmlWriter</c> refuses it.</exception>
    public static string ToText(XElement element, bool indent = false)
    {
        var output = new ArrayBufferWriter<byte>(256);
        StanzaWriter.WriteText(element, output, indent);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
