using System.Buffers;
using System.Xml.Linq;
using Edge.Xmpp.Internal;
using static Edge.Xmpp.Internal.Utf8Markup;

namespace Edge.Xmpp;

/// <summary>
/// Writes an outgoing stanza that knows its own shape (<see cref="IXmlContent"/>, <see cref="OutgoingIq"/>) straight into
/// the connection's buffer as UTF-8: no <c>XElement</c> tree, no intermediate string, numbers and dates formatted into
/// the buffer. One writer per connection, reused for every stanza. The bytes are the ones <c>StanzaWriter</c> writes for
/// the same tree (same escaping core, <c>Utf8Markup</c>; attributes in the order written; an element whose namespace
/// differs from the default in scope declares it as the default, after its attributes), so the two paths can be
/// compared byte for byte. Prefixed names are not offered here: a payload that needs them embeds an
/// <see cref="XElement"/> (<see cref="Element"/>).
/// </summary>
public sealed class XmlStanzaWriter
{
    private readonly string _streamNamespace;
    private IBufferWriter<byte> _output;
    private Open[] _open = new Open[16];
    private int _depth;
    private bool _startTagOpen;
    private string? _declare;

    /// <summary>A writer into <paramref name="output"/> for a stream whose default namespace is <paramref name="streamNamespace"/>.</summary>
    public XmlStanzaWriter(IBufferWriter<byte> output, string streamNamespace = "jabber:client")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        _output = output;
        _streamNamespace = streamNamespace;
    }

    /// <summary>Gets the stream's default namespace, in which a stanza is written without a declaration.</summary>
    internal string StreamNamespace => _streamNamespace;

    /// <summary>The default namespace in scope where the next element is written.</summary>
    private string DefaultNamespace => _depth == 0 ? _streamNamespace : _open[_depth - 1].Namespace;

    /// <summary>Opens an element in namespace <paramref name="ns"/> (declared as the default when it is not the one in scope).</summary>
    public void StartElement(string localName, string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(localName);
        ArgumentNullException.ThrowIfNull(ns);
        CloseStartTag();
        if (ns.Length == 0 && _depth == 0)
        {
            ns = _streamNamespace; // a stanza in no namespace is the stream's, as StanzaWriter writes it
        }

        _declare = ns == DefaultNamespace ? null : ns;
        if (_depth == _open.Length)
        {
            Array.Resize(ref _open, _depth * 2);
        }

        _open[_depth++] = new Open(localName, ns);
        Ascii(_output, "<");
        Utf8(_output, localName);
        _startTagOpen = true;
    }

    /// <summary>An attribute of the element just opened; nothing is written for a null value.</summary>
    public void Attribute(string name, string? value)
    {
        if (value is not null)
        {
            Attribute(name, value.AsSpan());
        }
    }

    /// <summary>An attribute of the element just opened.</summary>
    public void Attribute(string name, ReadOnlySpan<char> value)
    {
        ExpectStartTag();
        Utf8Markup.Attribute(_output, null, name, value);
    }

    /// <summary>An attribute formatted straight into the buffer (numbers, dates: nothing in them needs escaping).</summary>
    public void Attribute<T>(string name, T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        ExpectStartTag();
        Ascii(_output, " ");
        Utf8(_output, name);
        Ascii(_output, "=\"");
        var size = 64;
        while (true)
        {
            var span = _output.GetSpan(size);
            if (value.TryFormat(span, out var written, format, System.Globalization.CultureInfo.InvariantCulture))
            {
                _output.Advance(written);
                break;
            }

            size *= 2;
        }

        Ascii(_output, "\"");
    }

    /// <summary>A JID attribute (<c>to</c>, <c>jid</c>), written from its parts.</summary>
    public void Attribute(string name, Jid? jid)
    {
        if (jid is null)
        {
            return;
        }

        ExpectStartTag();
        Ascii(_output, " ");
        Utf8(_output, name);
        Ascii(_output, "=\"");
        if (jid.Local is not null)
        {
            Escaped(_output, jid.Local, AttributeSpecial);
            Ascii(_output, "@");
        }

        Escaped(_output, jid.Domain, AttributeSpecial);
        if (jid.Resource is not null)
        {
            Ascii(_output, "/");
            Escaped(_output, jid.Resource, AttributeSpecial);
        }

        Ascii(_output, "\"");
    }

    /// <summary>Escaped character data inside the open element.</summary>
    public void Text(ReadOnlySpan<char> text)
    {
        ExpectOpen();
        CloseStartTag();
        Escaped(_output, text, TextSpecial);
    }

    /// <summary>An element tree inside the open element (or as the stanza itself at the top), as <c>StanzaWriter</c> writes it.</summary>
    public void Element(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        CloseStartTag();
        if (_depth == 0)
        {
            StanzaWriter.Write(element, _output, _streamNamespace);
        }
        else
        {
            StanzaWriter.WriteChild(element, _output, DefaultNamespace);
        }
    }

    /// <summary>Closes the innermost open element (<c>/&gt;</c> when nothing was written inside it).</summary>
    public void EndElement()
    {
        ExpectOpen();
        var open = _open[--_depth];
        if (_startTagOpen)
        {
            WriteDeclaration();
            Ascii(_output, "/>");
            _startTagOpen = false;
            return;
        }

        Ascii(_output, "</");
        Utf8(_output, open.LocalName);
        Ascii(_output, ">");
    }

    /// <summary>Starts a stanza into <paramref name="output"/> (the writer is reused: one per connection).</summary>
    internal void Reset(IBufferWriter<byte> output)
    {
        _output = output;
        _depth = 0;
        _startTagOpen = false;
        _declare = null;
    }

    /// <summary>Checks the stanza ended with every element it opened closed.</summary>
    internal void EnsureComplete()
    {
        if (_depth != 0)
        {
            throw new InvalidOperationException($"A stanza was written with <{_open[_depth - 1].LocalName}> left open.");
        }
    }

    private void CloseStartTag()
    {
        if (_startTagOpen)
        {
            WriteDeclaration();
            Ascii(_output, ">");
            _startTagOpen = false;
        }
    }

    private void WriteDeclaration()
    {
        if (_declare is not null)
        {
            DeclareDefault(_output, _declare);
            _declare = null;
        }
    }

    private void ExpectStartTag()
    {
        if (!_startTagOpen)
        {
            throw new InvalidOperationException("An attribute must follow its element's start, before any content.");
        }
    }

    private void ExpectOpen()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No element is open.");
        }
    }

    private readonly record struct Open(string LocalName, string Namespace);
}
