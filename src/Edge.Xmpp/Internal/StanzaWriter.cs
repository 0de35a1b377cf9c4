using System.Buffers;
using System.Text;
using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>
/// The one place an outgoing element becomes bytes: walks the element and writes UTF-8 straight into the connection's
/// buffer (an <see cref="IBufferWriter{T}"/> — the transport's <c>PipeWriter</c>), with no intermediate string, XmlWriter
/// or StringBuilder. Names are written as the tree gives them; only escaping and namespace declarations are decided here.
/// </summary>
/// <remarks>
/// Namespaces, as <c>XmlWriter</c> decides them: an element whose namespace has a prefix declared in the tree
/// (<c>xmlns:xdv</c> on an ancestor or itself) is written with it; otherwise an element whose namespace differs from the
/// default in scope declares it as the default (<c>xmlns='…'</c>, after its attributes). The stanza itself is written in
/// the stream's default namespace (<c>jabber:client</c>) without a declaration, and so is an element in no namespace
/// with nothing declared above it (what <c>XElement.ToString()</c> gave inside the stream). Attributes in a namespace
/// use a declared prefix, or get one declared (<c>p1</c>…); <c>xml:lang</c> uses the reserved <c>xml</c> prefix.
/// Text and attribute values are escaped (<c>&amp; &lt; &gt;</c>, quotes in attributes, and tab/CR/LF in attributes as
/// character references so attribute-value normalisation keeps them). Characters XML 1.0 forbids (§2.2: controls other
/// than tab, CR, LF) are refused with <see cref="ArgumentException"/>, as <c>XmlWriter</c> does. Comments and processing
/// instructions are not written: RFC 6120 §11.1 forbids them in a stream.
/// </remarks>
internal static class StanzaWriter
{
    private static readonly XNamespace Xml = XNamespace.Xml;
    private static readonly XNamespace Xmlns = XNamespace.Xmlns;

    // Characters that need an escape, and the ones XML forbids (all controls are listed; tab/LF/CR are escaped in
    // attributes and written as they are in text).
    private static readonly SearchValues<char> TextSpecial = SearchValues.Create(
        "&<>\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static readonly SearchValues<char> AttributeSpecial = SearchValues.Create(
        "&<>\"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    /// <summary>Writes <paramref name="element"/> as one first-level element of a stream whose default namespace is <paramref name="streamNamespace"/>.</summary>
    public static void Write(XElement element, IBufferWriter<byte> output, string streamNamespace = "jabber:client")
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(output);
        var scope = new Scope(streamNamespace, null, IsStream: true);
        WriteElement(element, output, scope);
    }

    private static void WriteElement(XElement element, IBufferWriter<byte> output, Scope parent)
    {
        var ns = element.Name.NamespaceName;
        if (ns.Length == 0 && parent.IsStream)
        {
            ns = parent.DefaultNamespace; // no namespace, nothing declared above: it inherits the stream's, as ToString() would have it
        }

        // The prefixes this element declares itself (xmlns:p attributes) are in scope for its own name and attributes.
        var scope = parent;
        for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
        {
            if (attribute.IsNamespaceDeclaration && attribute.Name.Namespace == Xmlns)
            {
                scope = scope.With(attribute.Value, attribute.Name.LocalName);
            }
        }

        // The element's name: unprefixed in the default namespace; with a prefix declared in the tree for its namespace
        // (xdv:validate), as XmlWriter does; else its namespace becomes the default here.
        var elementPrefix = ns == scope.DefaultNamespace ? null : scope.PrefixOf(ns);
        var declareDefault = ns != scope.DefaultNamespace && elementPrefix is null;
        if (declareDefault)
        {
            scope = scope.WithDefault(ns);
        }

        Ascii(output, "<");
        Name(output, elementPrefix, element.Name.LocalName);

        // Attributes in their order, prefix declarations among them as given.
        for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
        {
            if (attribute.IsNamespaceDeclaration)
            {
                if (attribute.Name.Namespace == Xmlns)
                {
                    Declare(output, attribute.Name.LocalName, attribute.Value);
                }

                continue; // an explicit default (xmlns='…') is decided from the element's name instead
            }

            var attributeNs = attribute.Name.Namespace;
            string? prefix = null;
            if (attributeNs == Xml)
            {
                prefix = "xml";
            }
            else if (attributeNs != XNamespace.None)
            {
                prefix = scope.PrefixOf(attributeNs.NamespaceName);
                if (prefix is null)
                {
                    prefix = scope.NewPrefix();
                    scope = scope.With(attributeNs.NamespaceName, prefix);
                    Declare(output, prefix, attributeNs.NamespaceName);
                }
            }

            Ascii(output, " ");
            Name(output, prefix, attribute.Name.LocalName);
            Ascii(output, "=\"");
            Escaped(output, attribute.Value, AttributeSpecial);
            Ascii(output, "\"");
        }

        if (declareDefault)
        {
            // After the attributes, where XmlWriter puts it too (the same XML either way; the same text as before).
            Ascii(output, " xmlns=\"");
            Escaped(output, ns, AttributeSpecial);
            Ascii(output, "\"");
        }

        if (element.IsEmpty)
        {
            Ascii(output, "/>");
            return;
        }

        Ascii(output, ">");
        if (!element.HasElements)
        {
            Escaped(output, element.Value, TextSpecial); // text only (kept as one string by XElement: no nodes to walk)
        }
        else
        {
            for (var node = element.FirstNode; node is not null; node = node.NextNode)
            {
                switch (node)
                {
                    case XElement child:
                        WriteElement(child, output, scope);
                        break;
                    case XText text: // XCData too: written as escaped text, which means the same
                        Escaped(output, text.Value, TextSpecial);
                        break;
                }
            }
        }

        Ascii(output, "</");
        Name(output, elementPrefix, element.Name.LocalName);
        Ascii(output, ">");
    }

    private static void Name(IBufferWriter<byte> output, string? prefix, string localName)
    {
        if (prefix is not null)
        {
            Utf8(output, prefix);
            Ascii(output, ":");
        }

        Utf8(output, localName);
    }

    private static void Escaped(IBufferWriter<byte> output, string value, SearchValues<char> special)
    {
        var rest = value.AsSpan();
        while (true)
        {
            var i = rest.IndexOfAny(special);
            if (i < 0)
            {
                Utf8(output, rest);
                return;
            }

            Utf8(output, rest[..i]);
            var c = rest[i];
            Ascii(output, c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\t' => "&#x9;",
                '\n' => "&#xA;",
                '\r' => "&#xD;",
                _ => throw new ArgumentException($"The character U+{(int)c:X4} is not allowed in XML (XML 1.0 §2.2).", nameof(value)),
            });
            rest = rest[(i + 1)..];
        }
    }

    private static void Utf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }

    private static void Declare(IBufferWriter<byte> output, string prefix, string ns)
    {
        Ascii(output, " xmlns:");
        Utf8(output, prefix);
        Ascii(output, "=\"");
        Escaped(output, ns, AttributeSpecial);
        Ascii(output, "\"");
    }

    /// <summary>The namespaces in scope: the default one and the prefixes declared on the way down (a short chain, rarely any).</summary>
    private sealed class Scope(string defaultNamespace, Prefix? prefixes, bool IsStream)
    {
        public string DefaultNamespace { get; } = defaultNamespace;

        public Prefix? Prefixes { get; } = prefixes;

        /// <summary>The stream's own scope: nothing declared in the stanza yet.</summary>
        public bool IsStream { get; } = IsStream;

        public Scope With(string ns, string prefix) => new(DefaultNamespace, new Prefix(prefix, ns, Prefixes), IsStream);

        public Scope WithDefault(string ns) => new(ns, Prefixes, IsStream: false);

        /// <summary>A prefix for an attribute namespace nobody declared: p1, p2 … along the chain, so never taken twice.</summary>
        public string NewPrefix() => "p" + ((Prefixes?.Count ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string? PrefixOf(string ns)
        {
            for (var p = Prefixes; p is not null; p = p.Next)
            {
                if (p.Namespace == ns)
                {
                    return p.Name;
                }
            }

            return null;
        }
    }

    private sealed record Prefix(string Name, string Namespace, Prefix? Next)
    {
        public int Count { get; } = (Next?.Count ?? 0) + 1;
    }
}
