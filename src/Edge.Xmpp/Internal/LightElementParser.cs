using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>
/// Builds the <see cref="XElement"/> of a framed stanza straight from its bytes when the stanza keeps to the plain
/// subset of XML that servers send for nearly everything (IQ results, pubsub answers, presences and messages without
/// prefixes): unprefixed ASCII names, default-namespace declarations, quoted attribute values and text with the five
/// predefined entities and character references. No reader, no string of the whole stanza, names and namespaces
/// atomized in the stream's name table. Anything else — a prefix (<c>xml:lang</c>, <c>stream:error</c>), CDATA, a raw
/// control character or CR (end-of-line and attribute-value normalisation, XML 1.0 §2.11, §3.3.3), a non-ASCII name,
/// an undeclared entity, a duplicate attribute, invalid UTF-8, <c>]]&gt;</c> in text — makes it answer false, and the
/// framer parses the stanza with <see cref="XmlTextReader"/> as before, which also gives the errors their wording. The
/// tree is the one <see cref="XElement.Load(XmlReader, LoadOptions)"/> builds from that reader (a test compares them).
/// </summary>
/// <remarks>
/// The framer has already checked what this relies on: the frame is one element, its tags balanced and end tags naming
/// the element they close, no comment, processing instruction or DTD.
/// </remarks>
internal sealed class LightElementParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly List<XElement> _open = [];
    private readonly List<(string Name, string Value)> _attributes = [];
    private char[] _chars = new char[256];
    private char[] _nameChars = new char[64];
    private XmlNameTable? _names;

    /// <summary>
    /// Parses <paramref name="frame"/> (one complete first-level element) in a stream whose default namespace is
    /// <paramref name="streamNamespace"/>; false when it is outside the subset (nothing is consumed either way).
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> frame, string streamNamespace, XmlNameTable names, [NotNullWhen(true)] out XElement? element)
    {
        element = null;
        _open.Clear();
        _names = names;
        try
        {
            return TryParseCore(frame, streamNamespace, out element);
        }
        finally
        {
            _open.Clear();
            _attributes.Clear();
            _names = null;
        }
    }

    private bool TryParseCore(ReadOnlySpan<byte> frame, string streamNamespace, out XElement? element)
    {
        element = null;
        XElement? root = null;
        var pos = 0;
        while (pos < frame.Length)
        {
            if (frame[pos] != (byte)'<')
            {
                // Character data up to the next tag.
                var end = frame[pos..].IndexOf((byte)'<');
                if (end < 0 || _open.Count == 0 || !TryText(frame.Slice(pos, end), out var text))
                {
                    return false;
                }

                _open[^1].Add(text);
                pos += end;
                continue;
            }

            if (pos + 1 >= frame.Length)
            {
                return false;
            }

            var next = frame[pos + 1];
            if (next == (byte)'/')
            {
                // An end tag (its name already matched by the framer).
                var close = frame[pos..].IndexOf((byte)'>');
                if (close < 0 || _open.Count == 0)
                {
                    return false;
                }

                var closed = _open[^1];
                _open.RemoveAt(_open.Count - 1);
                if (closed.IsEmpty)
                {
                    closed.Value = string.Empty; // <a></a>: empty content, not an empty element, as XElement.Load has it
                }

                pos += close + 1;
                if (_open.Count == 0)
                {
                    element = root;
                    return pos == frame.Length && root is not null;
                }

                continue;
            }

            if (next is (byte)'!' or (byte)'?' || !TryStartTag(frame, ref pos, out var selfClosing, out var localName))
            {
                return false;
            }

            // The element's namespace: its own default declaration, else the one in scope.
            string? declared = null;
            foreach (var (name, value) in _attributes)
            {
                if (name == "xmlns")
                {
                    declared = value;
                }
            }

            if (declared is "http://www.w3.org/2000/xmlns/" or "http://www.w3.org/XML/1998/namespace")
            {
                return false; // reserved, never a default namespace (Namespaces in XML §3): the reader refuses it
            }

            var ns = declared ?? (_open.Count == 0 ? (root is null ? streamNamespace : null) : _open[^1].Name.NamespaceName);
            if (ns is null)
            {
                return false; // a second top-level element
            }

            var created = new XElement(XNamespace.Get(ns).GetName(localName));
            foreach (var (name, value) in _attributes)
            {
                created.Add(new XAttribute(name, value));
            }

            if (_open.Count > 0)
            {
                _open[^1].Add(created);
            }
            else
            {
                root = created;
            }

            if (!selfClosing)
            {
                _open.Add(created);
            }
            else if (_open.Count == 0)
            {
                element = root;
                return pos == frame.Length;
            }
        }

        return false;
    }

    /// <summary>Reads <c>&lt;name attr="v" …&gt;</c> or <c>…/&gt;</c> at <paramref name="pos"/>; the attributes go to <see cref="_attributes"/>.</summary>
    private bool TryStartTag(ReadOnlySpan<byte> frame, ref int pos, out bool selfClosing, out string localName)
    {
        selfClosing = false;
        _attributes.Clear();
        pos++;
        if (!TryName(frame, ref pos, out localName) || localName.StartsWith("xml", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        while (true)
        {
            var hadSpace = SkipSpace(frame, ref pos);
            if (pos >= frame.Length)
            {
                return false;
            }

            if (frame[pos] == (byte)'>')
            {
                pos++;
                return true;
            }

            if (frame[pos] == (byte)'/')
            {
                if (pos + 1 >= frame.Length || frame[pos + 1] != (byte)'>')
                {
                    return false;
                }

                selfClosing = true;
                pos += 2;
                return true;
            }

            if (!hadSpace || !TryName(frame, ref pos, out var name)
                || (name != "xmlns" && name.StartsWith("xml", StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            SkipSpace(frame, ref pos);
            if (pos >= frame.Length || frame[pos] != (byte)'=')
            {
                return false;
            }

            pos++;
            SkipSpace(frame, ref pos);
            if (pos >= frame.Length || frame[pos] is not ((byte)'"' or (byte)'\''))
            {
                return false;
            }

            var quote = frame[pos++];
            var length = frame[pos..].IndexOf(quote);
            if (length < 0 || !TryValue(frame.Slice(pos, length), attribute: true, out var chars))
            {
                return false;
            }

            // A namespace is atomized like the names (a stream uses a few); other values are strings of their own.
            var value = name == "xmlns" ? _names!.Add(_chars, 0, chars) : new string(_chars, 0, chars);

            pos += length + 1;
            foreach (var (other, _) in _attributes)
            {
                if (other == name)
                {
                    return false; // a duplicate: not well-formed, worded by the reader
                }
            }

            _attributes.Add((name, value));
        }
    }

    /// <summary>An unprefixed ASCII name (<c>[A-Za-z_][A-Za-z0-9._-]*</c>), atomized in the stream's name table.</summary>
    private bool TryName(ReadOnlySpan<byte> frame, ref int pos, out string name)
    {
        name = string.Empty;
        var start = pos;
        if (pos >= frame.Length || !(char.IsAsciiLetter((char)frame[pos]) || frame[pos] == (byte)'_'))
        {
            return false;
        }

        pos++;
        while (pos < frame.Length && (char.IsAsciiLetterOrDigit((char)frame[pos]) || frame[pos] is (byte)'_' or (byte)'-' or (byte)'.'))
        {
            pos++;
        }

        if (pos < frame.Length && frame[pos] == (byte)':')
        {
            return false; // a prefix
        }

        var length = pos - start;
        if (_nameChars.Length < length)
        {
            _nameChars = new char[Math.Max(length, _nameChars.Length * 2)];
        }

        Encoding.ASCII.GetChars(frame[start..pos], _nameChars);
        name = _names!.Add(_nameChars, 0, length);
        return true;
    }

    private static bool SkipSpace(ReadOnlySpan<byte> frame, ref int pos)
    {
        var start = pos;
        while (pos < frame.Length && frame[pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            pos++;
        }

        return pos > start;
    }

    private bool TryText(ReadOnlySpan<byte> bytes, out string text)
    {
        text = string.Empty;
        if (bytes.IndexOf("]]>"u8) >= 0 || !TryValue(bytes, attribute: false, out var chars))
        {
            return false; // "]]>" is not allowed in content (XML 1.0 §2.4)
        }

        text = new string(_chars, 0, chars);
        return true;
    }

    /// <summary>
    /// An attribute value or a run of text, entities and character references replaced, into <see cref="_chars"/>
    /// (<paramref name="length"/> of them). Raw CR, and in attributes raw tab and LF too, would need XML's normalisation:
    /// they send the stanza to the reader, as do other controls.
    /// </summary>
    private bool TryValue(ReadOnlySpan<byte> bytes, bool attribute, out int length)
    {
        length = 0;
        if (bytes.IsEmpty)
        {
            return true;
        }

        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        int count;
        try
        {
            count = StrictUtf8.GetChars(bytes, _chars);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var chars = _chars.AsSpan(0, count);
        var written = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c < ' ' && (attribute || c is not ('\t' or '\n')))
            {
                return false;
            }

            if (c is '\uFFFE' or '\uFFFF')
            {
                return false;
            }

            if (c == '<')
            {
                return false;
            }

            if (c == '&')
            {
                var semicolon = chars[i..].IndexOf(';');
                if (semicolon < 0 || !TryReference(chars.Slice(i + 1, semicolon - 1), out var replacement, out var surrogate))
                {
                    return false;
                }

                chars[written++] = replacement; // never ahead of i: a reference is at least 4 characters long
                if (surrogate != '\0')
                {
                    chars[written++] = surrogate;
                }

                i += semicolon;
                continue;
            }

            chars[written++] = c;
        }

        length = written;
        return true;
    }

    /// <summary>The five predefined entities and character references to XML characters (XML 1.0 §4.1, §2.2).</summary>
    private static bool TryReference(ReadOnlySpan<char> name, out char c, out char low)
    {
        low = '\0';
        c = name switch
        {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => '\0',
        };
        if (c != '\0')
        {
            return true;
        }

        if (name.Length < 2 || name[0] != '#')
        {
            return false;
        }

        var hex = name[1] == 'x';
        var digits = name[(hex ? 2 : 1)..];
        if (digits.IsEmpty || digits.Length > 6
            || !int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        var valid = code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
        if (!valid)
        {
            return false;
        }

        if (code >= 0x10000)
        {
            var rune = new Rune(code);
            Span<char> pair = stackalloc char[2];
            rune.EncodeToUtf16(pair);
            c = pair[0];
            low = pair[1];
            return true;
        }

        c = (char)code;
        return true;
    }
}
