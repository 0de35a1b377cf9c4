using System.Buffers;
using System.Xml.Linq;
using static Edge.Xmpp.Internal.Utf8Markup;

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
/// Escaping is <see cref="Utf8Markup"/>'s, shared with <see cref="XmlStanzaWriter"/>. Comments and processing
/// instructions are not written: RFC 6120 §11.1 forbids them in a stream.
/// <para>
/// The same walk writes an element as text outside a stream (<see cref="WriteText"/>, behind
/// <see cref="XmlMarkup.ToText"/>): nothing in scope above it, an empty element as <c>&lt;a /&gt;</c>, and optionally
/// indented, i.e. the text <c>XElement.ToString(SaveOptions.DisableFormatting)</c> and <c>ToString()</c> give for the
/// trees Edge builds, without <c>XmlWriter</c>.
/// </para>
/// </remarks>
internal static class StanzaWriter
{
    private static readonly XNamespace Xml = XNamespace.Xml;
    private static readonly XNamespace Xmlns = XNamespace.Xmlns;

    /// <summary>Writes <paramref name="element"/> as one first-level element of a stream whose default namespace is <paramref name="streamNamespace"/>.</summary>
    public static void Write(XElement element, IBufferWriter<byte> output, string streamNamespace = "jabber:client")
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(output);
        WriteElement(element, output, new Scope(streamNamespace, null, IsStream: true), Layout.Stream);
    }

    /// <summary>
    /// Writes <paramref name="element"/> inside an element whose default namespace is <paramref name="defaultNamespace"/>
    /// (a tree embedded in a stanza that writes itself, <see cref="XmlStanzaWriter.Element"/>).
    /// </summary>
    public static void WriteChild(XElement element, IBufferWriter<byte> output, string defaultNamespace)
    {
        ArgumentNullException.ThrowIfNull(element);
        WriteElement(element, output, new Scope(defaultNamespace, null, IsStream: false), Layout.Stream);
    }

    /// <summary>
    /// Writes <paramref name="element"/> as a document's text (nothing declared above it): as
    /// <c>XElement.ToString(SaveOptions.DisableFormatting)</c>, or with <paramref name="indent"/> as <c>ToString()</c>
    /// (two spaces a level, <c>\n</c> between lines, and no indentation inside an element once it has text, as
    /// <c>XmlWriter</c> does with mixed content).
    /// </summary>
    public static void WriteText(XElement element, IBufferWriter<byte> output, bool indent)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(output);
        WriteElement(element, output, new Scope(string.Empty, null, IsStream: false), indent ? Layout.Indented : Layout.Text);
    }

    private static void WriteElement(XElement element, IBufferWriter<byte> output, Scope parent, Layout layout, int depth = 0)
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

            Attribute(output, prefix, attribute.Name.LocalName, attribute.Value);
        }

        if (declareDefault)
        {
            // After the attributes, where XmlWriter puts it too (the same XML either way; the same text as before).
            DeclareDefault(output, ns);
        }

        if (element.IsEmpty)
        {
            Ascii(output, layout == Layout.Stream ? "/>" : " />");
            return;
        }

        Ascii(output, ">");
        if (!element.HasElements)
        {
            Escaped(output, element.Value, TextSpecial); // text only (kept as one string by XElement: no nodes to walk)
        }
        else
        {
            var indent = layout == Layout.Indented; // until this element's first text (mixed content: XmlWriter's rule)
            for (var node = element.FirstNode; node is not null; node = node.NextNode)
            {
                switch (node)
                {
                    case XElement child:
                        if (indent)
                        {
                            NewLine(output, depth + 1);
                        }

                        WriteElement(child, output, scope, layout == Layout.Indented && !indent ? Layout.Text : layout, depth + 1);
                        break;
                    case XText text: // XCData too: written as escaped text, which means the same
                        indent = false;
                        Escaped(output, text.Value, TextSpecial);
                        break;
                }
            }

            if (indent)
            {
                NewLine(output, depth);
            }
        }

        Ascii(output, "</");
        Name(output, elementPrefix, element.Name.LocalName);
        Ascii(output, ">");
    }

    private static void NewLine(IBufferWriter<byte> output, int depth)
    {
        var span = output.GetSpan(1 + (2 * depth));
        span[0] = (byte)'\n';
        span.Slice(1, 2 * depth).Fill((byte)' ');
        output.Advance(1 + (2 * depth));
    }

    /// <summary>The stream's form (<c>&lt;a/&gt;</c>), or a document's text as <c>XElement.ToString</c> gives it.</summary>
    private enum Layout
    {
        Stream,
        Text,
        Indented,
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
