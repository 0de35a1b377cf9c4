using System.Buffers;
using System.Globalization;
using System.Text;

namespace Edge.Xmpp.Internal;

/// <summary>
/// The lexical half of <see cref="XmlTreeBuilder"/>: reads UTF-8 markup token by token straight from the bytes, with
/// every XML 1.0 (Fifth Edition) well-formedness rule that needs no memory of earlier tokens — UTF-8 validity and the
/// Char production [2], names [4]/[4a] as Namespaces in XML 1.0 QNames [7], attribute values [10] and their
/// normalisation (§3.3.3), references [66]/[68], character data [14] and end-of-line handling (§2.11), CDATA
/// sections [18]. RFC 6120 §11.1 restricted XML (comments, processing instructions, DTDs, entity references other
/// than the five predefined ones) is refused as <c>restricted-xml</c> (§4.9.3.18); a document (<see
/// cref="XmlMarkupOptions.Document"/>) may carry an XML declaration, comments and processing instructions, which are
/// skipped — a DTD never. Names are atomized in the caller's name table. Errors name what and where (line, position).
/// </summary>
internal ref struct XmlScanner
{
    private readonly ReadOnlySpan<byte> _input;
    private readonly XmlScanBuffers _buffers;
    private readonly bool _document;
    private int _pos;

    public XmlScanner(ReadOnlySpan<byte> input, XmlScanBuffers buffers, bool document)
    {
        _input = input;
        _buffers = buffers;
        _document = document;
        Prefix = LocalName = Value = string.Empty;
    }

    /// <summary>Gets the start or end tag's prefix ("" for none) and local name, atomized.</summary>
    public string Prefix { get; private set; }

    public string LocalName { get; private set; }

    /// <summary>Gets a value indicating whether the start tag was an empty-element tag.</summary>
    public bool SelfClosing { get; private set; }

    /// <summary>Gets the text or CDATA content.</summary>
    public string Value { get; private set; }

    /// <summary>Gets a value indicating whether the text was only XML whitespace ([3] S).</summary>
    public bool IsWhitespace { get; private set; }

    /// <summary>Gets the byte offset of the token just read.</summary>
    public int TokenStart { get; private set; }

    /// <summary>Gets the start tag's attributes in document order.</summary>
    public readonly List<XmlRawAttribute> Attributes => _buffers.Attributes;

    /// <summary>Gets the offset after the last token.</summary>
    public readonly int Position => _pos;

    /// <summary>
    /// A document's prolog (XML 1.0 [22]): a UTF-8 byte-order mark and an XML declaration [23]; only UTF-8 is read,
    /// another declared encoding is refused by name.
    /// </summary>
    public void SkipDeclaration(bool checkEncoding)
    {
        if (_input.StartsWith("\uFEFF"u8))
        {
            _pos = 3;
        }
        else if (_input is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            throw Fail("not-well-formed", "The input is UTF-16; only UTF-8 is read.", 0);
        }

        if (!_input[_pos..].StartsWith("<?xml"u8) || _input.Length <= _pos + 5 || !XmlChars.IsSpace(_input[_pos + 5]))
        {
            return;
        }

        var end = _input[_pos..].IndexOf("?>"u8);
        if (end < 0)
        {
            throw Fail("not-well-formed", "The XML declaration is not closed by '?>'.", _pos);
        }

        var declaration = Encoding.UTF8.GetString(_input.Slice(_pos, end));
        var encoding = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (encoding >= 0 && checkEncoding)
        {
            var quote = declaration.IndexOfAny(['"', '\''], encoding);
            var close = quote < 0 ? -1 : declaration.IndexOf(declaration[quote], quote + 1);
            var name = close < 0 ? string.Empty : declaration[(quote + 1)..close];
            if (!name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                throw Fail("not-well-formed", $"The XML declaration names the encoding '{name}'; only UTF-8 is read.", _pos + encoding);
            }
        }

        _pos += end + 2;
    }

    /// <summary>Reads the next token; comments and processing instructions are skipped in a document, refused in a stream.</summary>
    public XmlToken Read()
    {
        while (true)
        {
            TokenStart = _pos;
            if (_pos >= _input.Length)
            {
                return XmlToken.End;
            }

            if (_input[_pos] != (byte)'<')
            {
                Value = Chars((byte)'<', CharMode.Text);
                return XmlToken.Text;
            }

            var next = _pos + 1 < _input.Length ? _input[_pos + 1] : (byte)0;
            if (next == (byte)'/')
            {
                _pos += 2;
                QName(out var prefix, out var local);
                Prefix = prefix;
                LocalName = local;
                SkipSpace();
                Expect((byte)'>', "the end tag </{0}>", Qualified);
                return XmlToken.EndTag;
            }

            if (next == (byte)'!')
            {
                if (Bang())
                {
                    return XmlToken.CData;
                }

                continue;
            }

            if (next == (byte)'?')
            {
                ProcessingInstruction();
                continue;
            }

            StartTag();
            return XmlToken.StartTag;
        }
    }

    /// <summary>Gets the qualified name of the tag just read.</summary>
    public readonly string Qualified => Prefix.Length == 0 ? LocalName : Prefix + ":" + LocalName;

    /// <summary>An error at <paramref name="offset"/>, its line and position (1-based, in characters) counted from the input.</summary>
    public readonly XmlMarkupException Fail(string condition, string what, int offset)
    {
        var before = _input[..Math.Min(offset, _input.Length)];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var position = 1;
        foreach (var b in before[lineStart..])
        {
            position += (b & 0xC0) == 0x80 ? 0 : 1; // UTF-8 continuation bytes are part of the character before
        }

        return new XmlMarkupException(condition, what, line, position);
    }

    /// <summary>[40] STag / [44] EmptyElemTag: <c>'&lt;' QName (S Attribute)* S? ('&gt;' | '/&gt;')</c>.</summary>
    private void StartTag()
    {
        _pos++;
        QName(out var prefix, out var local);
        Prefix = prefix;
        LocalName = local;
        Attributes.Clear();
        while (true)
        {
            var spaced = SkipSpace();
            if (_pos >= _input.Length)
            {
                throw Fail("not-well-formed", $"The input ends inside the start tag <{Qualified}>.", _pos);
            }

            var b = _input[_pos];
            if (b == (byte)'>' || b == (byte)'/')
            {
                SelfClosing = b == (byte)'/';
                _pos++;
                if (SelfClosing)
                {
                    Expect((byte)'>', "the empty-element tag <{0}/>", Qualified);
                }

                return;
            }

            if (!spaced)
            {
                throw Fail("not-well-formed", $"'{XmlChars.Printable(b)}' in the start tag <{Qualified}>: whitespace, an attribute, '>' or '/>' expected.", _pos);
            }

            // [41] Attribute: QName Eq AttValue.
            var offset = _pos;
            QName(out var attributePrefix, out var attributeLocal);
            SkipSpace();
            Expect((byte)'=', "the attribute '{0}'", attributeLocal);
            SkipSpace();
            if (_pos >= _input.Length || _input[_pos] is not ((byte)'"' or (byte)'\''))
            {
                throw Fail("not-well-formed", $"The value of the attribute '{attributeLocal}' must be quoted.", _pos);
            }

            var quote = _input[_pos++];
            // A namespace name is atomized like the names (a stream uses a few); other values are strings of their own.
            var declaration = attributePrefix == "xmlns" || (attributePrefix.Length == 0 && attributeLocal == "xmlns");
            var value = Chars(quote, declaration ? CharMode.Namespace : CharMode.Attribute);
            _pos++; // the closing quote
            Attributes.Add(new XmlRawAttribute(attributePrefix, attributeLocal, value, offset));
        }
    }

    /// <summary>
    /// "&lt;!": a CDATA section (true, its content in <see cref="Value"/>), or a comment in a document (skipped,
    /// false); a comment in a stream or any DTD markup is restricted XML (RFC 6120 §11.1).
    /// </summary>
    private bool Bang()
    {
        var rest = _input[_pos..];
        if (rest.StartsWith("<![CDATA["u8))
        {
            _pos += 9;
            var end = _input[_pos..].IndexOf("]]>"u8);
            if (end < 0)
            {
                throw Fail("not-well-formed", "A CDATA section is not closed by ']]>'.", TokenStart);
            }

            Value = Chars(_pos + end);
            _pos += 3;
            return true;
        }

        if (rest.StartsWith("<!--"u8))
        {
            if (!_document)
            {
                throw Fail("restricted-xml", "A comment is not allowed in XMPP (RFC 6120 §11.1).", _pos);
            }

            // [15] Comment: '<!--' ((Char - '-') | ('-' (Char - '-')))* '-->'.
            var end = rest[4..].IndexOf("--"u8);
            if (end < 0 || rest.Length < end + 7 || rest[end + 6] != (byte)'>')
            {
                throw Fail("not-well-formed", "A comment must end at its first '--', with '-->'.", _pos);
            }

            _pos += 4;
            Chars(_pos + end);
            _pos += 3;
            return false;
        }

        var dtd = rest.Length > 2 && char.IsAsciiLetterUpper((char)rest[2]);
        throw Fail(dtd ? "restricted-xml" : "not-well-formed",
            dtd ? "A DTD or markup declaration is not allowed (RFC 6120 §11.1)." : "'<!' that starts neither a CDATA section nor a comment.", _pos);
    }

    /// <summary>[16] PI: skipped in a document (never the reserved target 'xml' after the start); restricted XML in a stream.</summary>
    private void ProcessingInstruction()
    {
        if (!_document)
        {
            throw Fail("restricted-xml", "A processing instruction is not allowed in XMPP (RFC 6120 §11.1).", _pos);
        }

        var start = _pos;
        _pos += 2;
        QName(out var prefix, out var target);
        if (prefix.Length == 0 && target.Equals("xml", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail("not-well-formed", "An XML declaration is allowed only at the very start (XML 1.0 [17] PITarget).", start);
        }

        var end = _input[_pos..].IndexOf("?>"u8);
        if (end < 0 || (end > 0 && !XmlChars.IsSpace(_input[_pos])))
        {
            throw Fail("not-well-formed", "A processing instruction is not closed by '?>' (XML 1.0 [16] PI).", start);
        }

        Chars(_pos + end);
        _pos += 2;
    }

    /// <summary>
    /// [7] QName = (NCName ':')? NCName, each [4]/[4a] name characters less ':'; the parts are atomized.
    /// </summary>
    private void QName(out string prefix, out string local)
    {
        var start = _pos;
        var colon = -1;
        var chars = _buffers.NameChars;
        var count = 0;
        while (_pos < _input.Length)
        {
            if (count + 2 > chars.Length)
            {
                chars = _buffers.GrowNameChars();
            }

            var b = _input[_pos];
            int code;
            int length;
            if (b < 0x80)
            {
                code = b;
                length = 1;
            }
            else if (Rune.DecodeFromUtf8(_input[_pos..], out var rune, out length) == OperationStatus.Done)
            {
                code = rune.Value;
            }
            else
            {
                throw Fail("not-well-formed", $"Invalid UTF-8 (byte 0x{b:X2}) in a name.", _pos);
            }

            if (code == ':')
            {
                if (colon >= 0 || count == 0)
                {
                    throw Fail("not-well-formed", $"'{Encoding.UTF8.GetString(_input[start.._pos])}:' is not a qualified name (Namespaces in XML 1.0 [7]).", start);
                }

                colon = count;
            }
            else if (!(count == colon + 1 ? XmlChars.IsNameStartChar(code) : XmlChars.IsNameChar(code)))
            {
                break;
            }

            count += new Rune(code).EncodeToUtf16(chars.AsSpan(count));
            _pos += length;
        }

        if (count == 0 || colon == count - 1)
        {
            var what = _pos < _input.Length ? $"'{XmlChars.Printable(_input[_pos])}'" : "the end of the input";
            throw Fail("not-well-formed", $"A name was expected, not {what} (XML 1.0 [5] Name).", _pos);
        }

        var names = _buffers.Names;
        prefix = colon < 0 ? string.Empty : names.Add(chars, 0, colon);
        local = names.Add(chars, colon + 1, count - colon - 1);
    }

    /// <summary>Text up to <paramref name="stop"/> (or the end), or an attribute value up to its closing quote.</summary>
    private string Chars(byte stop, CharMode mode)
    {
        var attribute = mode != CharMode.Text;
        var end = _input[_pos..].IndexOf(stop);
        if (end < 0)
        {
            if (attribute)
            {
                throw Fail("not-well-formed", "An attribute value is not closed by its quote.", TokenStart);
            }

            end = _input.Length - _pos;
        }

        return Chars(_pos + end, mode);
    }

    private enum CharMode : byte
    {
        Raw, // CDATA, comments, PIs: no references
        Text,
        Attribute,
        Namespace, // an attribute value, atomized
    }

    private string Chars(int end, CharMode mode = CharMode.Raw)
    {
        var chars = _buffers.Rent(end - _pos);
        var count = 0;
        var brackets = 0;
        var whitespace = true;
        while (_pos < end)
        {
            var b = _input[_pos];
            int code;
            if (b < 0x80)
            {
                code = b;
                _pos++;
                if (b == (byte)'\r')
                {
                    // §2.11: CR LF and a lone CR become LF; §3.3.3: in an attribute value, then a space.
                    code = '\n';
                    if (_pos < end && _input[_pos] == (byte)'\n')
                    {
                        _pos++;
                    }
                }
                else if (b == (byte)'&' && mode != CharMode.Raw)
                {
                    code = Reference(end);
                    whitespace = false;
                    brackets = 0;
                    count += new Rune(code).EncodeToUtf16(chars.AsSpan(count));
                    continue;
                }
                else if (b == (byte)'<' && mode >= CharMode.Attribute)
                {
                    throw Fail("not-well-formed", "'<' in an attribute value (XML 1.0 [10] AttValue).", _pos - 1);
                }
                else if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n'))
                {
                    throw Fail("not-well-formed", $"The control character 0x{b:X2} is not an XML character (XML 1.0 [2] Char).", _pos - 1);
                }
                else if (b == (byte)'>' && brackets >= 2 && mode == CharMode.Text)
                {
                    throw Fail("not-well-formed", "']]>' in text (XML 1.0 [14] CharData).", _pos - 3);
                }

                brackets = b == (byte)']' ? brackets + 1 : 0;
                if (mode >= CharMode.Attribute && code is '\t' or '\n')
                {
                    code = ' ';
                }

                whitespace &= code is ' ' or '\t' or '\n';
                chars[count++] = (char)code;
                continue;
            }

            if (Rune.DecodeFromUtf8(_input[_pos..end], out var rune, out var length) != OperationStatus.Done)
            {
                throw Fail("not-well-formed", $"Invalid UTF-8 (byte 0x{b:X2}).", _pos);
            }

            if (rune.Value is 0xFFFE or 0xFFFF)
            {
                throw Fail("not-well-formed", $"U+{rune.Value:X4} is not an XML character (XML 1.0 [2] Char).", _pos);
            }

            _pos += length;
            brackets = 0;
            whitespace = false;
            count += rune.EncodeToUtf16(chars.AsSpan(count));
        }

        IsWhitespace = whitespace;
        return count == 0 ? string.Empty : mode == CharMode.Namespace ? _buffers.Names.Add(chars, 0, count) : new string(chars, 0, count);
    }

    /// <summary>
    /// After '&amp;': [66] CharRef (a legal [2] Char) or one of the five predefined entities (§4.6). Any other
    /// [68] EntityRef is restricted XML (RFC 6120 §11.1): it is never looked up, let alone expanded.
    /// </summary>
    private int Reference(int end)
    {
        var start = _pos - 1;
        var semicolon = _input[_pos..end].IndexOf((byte)';');
        var body = semicolon is < 0 or > 12 ? [] : _input.Slice(_pos, semicolon);
        _pos += Math.Max(semicolon, 0) + 1;
        switch (body)
        {
            case [(byte)'l', (byte)'t']: return '<';
            case [(byte)'g', (byte)'t']: return '>';
            case [(byte)'a', (byte)'m', (byte)'p']: return '&';
            case [(byte)'q', (byte)'u', (byte)'o', (byte)'t']: return '"';
            case [(byte)'a', (byte)'p', (byte)'o', (byte)'s']: return '\'';
            case [(byte)'#', (byte)'x', .. var hex] when hex.Length > 0 && int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) && XmlChars.IsChar(code):
                return code;
            case [(byte)'#', .. var digits] when digits.Length > 0 && digits[0] != (byte)'x' && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && XmlChars.IsChar(code):
                return code;
        }

        var text = Encoding.UTF8.GetString(_input.Slice(start, Math.Min(Math.Min(Math.Max(semicolon, 0) + 2, 16), end - start)));
        if (body.Length > 0 && body[0] == (byte)'#')
        {
            throw Fail("not-well-formed", $"'{text}' is not a reference to a legal XML character (XML 1.0 [66] CharRef, [2] Char).", start);
        }

        _pos = start + 1;
        var atName = _pos < end && (XmlChars.IsNameStartChar(_input[_pos]) || _input[_pos] >= 0x80);
        if (atName && semicolon > 0)
        {
            throw Fail("restricted-xml", $"The entity reference '{text}' is not allowed: only &lt; &gt; &amp; &quot; &apos; and character references (RFC 6120 §11.1).", start);
        }

        throw Fail("not-well-formed", "'&' that starts no reference: write it as &amp; (XML 1.0 [68] EntityRef).", start);
    }

    /// <summary>The byte <paramref name="expected"/> next; else an error naming where (a format of <paramref name="name"/>, built only then).</summary>
    private void Expect(byte expected, string where, string name)
    {
        if (_pos >= _input.Length || _input[_pos] != expected)
        {
            var found = _pos < _input.Length ? $"'{XmlChars.Printable(_input[_pos])}'" : "the end of the input";
            var place = string.Format(CultureInfo.InvariantCulture, where, name);
            throw Fail("not-well-formed", $"'{(char)expected}' expected in {place}, found {found}.", _pos);
        }

        _pos++;
    }

    private bool SkipSpace()
    {
        var start = _pos;
        while (_pos < _input.Length && XmlChars.IsSpace(_input[_pos]))
        {
            _pos++;
        }

        return _pos > start;
    }
}
