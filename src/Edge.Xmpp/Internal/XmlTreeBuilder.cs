using System.Xml;
using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>
/// The namespace and tree half of the parser: turns <see cref="XmlScanner"/> tokens into the <see cref="XElement"/>
/// tree that <see cref="XElement.Load(System.Xml.XmlReader)"/> builds from the same markup (a test compares them), with
/// the rules that need memory of earlier tokens: one root element and nothing but whitespace beside it (XML 1.0 [1]
/// document), end tags matching their start tags (WFC: Element Type Match), unique attributes (WFC: Unique Att Spec),
/// a depth bound, and Namespaces in XML 1.0 (Third Edition): prefixes resolved through the declarations in scope
/// (those of the stream header first, RFC 6120 §4.8), undeclared prefixes refused (NSC: Prefix Declared), the
/// reserved prefixes and names kept to their rules (NSC: Reserved Prefixes and Namespace Names, NSC: No Prefix
/// Undeclaring) and attributes unique after expansion (§6.3). Namespace declarations stay on the tree as attributes,
/// as <c>XElement.Load</c> keeps them (unless <see cref="XmlMarkupOptions.KeepNamespaceDeclarations"/> is off).
/// One instance is reused parse after parse by one thread.
/// </summary>
internal sealed class XmlTreeBuilder
{
    private const string XmlUri = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsUri = "http://www.w3.org/2000/xmlns/";

    private static readonly XName XmlSpace = XNamespace.Xml + "space";

    private readonly XmlScanBuffers _buffers = new();
    private readonly List<XElement> _open = [];
    private readonly List<(string Prefix, string Local)> _openNames = [];
    private readonly List<(string Prefix, string Uri)> _bindings = [];
    private readonly List<int> _scopes = [];
    private readonly List<XName> _attributeNames = [];

    /// <summary>
    /// Parses <paramref name="input"/> into its root element. <paramref name="scope"/> holds the declarations the
    /// markup is read in (a stream header's, for a stanza; "" is the default namespace). With
    /// <paramref name="startTagOnly"/> the input is one start tag (a stream header), returned as an element with no
    /// content. <paramref name="declaredEncoding"/> false: the input was text before it was UTF-8, so the encoding an
    /// XML declaration names is not checked.
    /// </summary>
    /// <exception cref="XmlMarkupException">The input is not well-formed, restricted, or past a bound.</exception>
    public XElement Parse(ReadOnlySpan<byte> input, XmlMarkupOptions options, XmlNameTable names,
        IReadOnlyList<(string Prefix, string Uri)> scope, bool startTagOnly = false, bool declaredEncoding = true)
    {
        _buffers.Names = names;
        _bindings.Clear();
        _bindings.Add(("xml", XmlUri)); // bound by definition (Namespaces in XML 1.0 §3)
        _bindings.AddRange(scope);
        try
        {
            var scanner = new XmlScanner(input, _buffers, options.Document);
            if (input.Length > options.MaxBytes)
            {
                throw scanner.Fail("policy-violation", $"The input is larger than {options.MaxBytes} bytes.", options.MaxBytes);
            }

            if (options.Document)
            {
                scanner.SkipDeclaration(declaredEncoding);
            }

            return Build(ref scanner, options, startTagOnly);
        }
        finally
        {
            _open.Clear();
            _openNames.Clear();
            _scopes.Clear();
        }
    }

    private XElement Build(ref XmlScanner scanner, XmlMarkupOptions options, bool startTagOnly)
    {
        XElement? root = null;
        while (true)
        {
            switch (scanner.Read())
            {
                case XmlToken.End:
                    if (_open.Count > 0)
                    {
                        throw scanner.Fail("not-well-formed", $"The input ends before </{Qualified(_openNames[^1])}> closes the element.", scanner.Position);
                    }

                    return root ?? throw scanner.Fail("not-well-formed", "No element in the input (XML 1.0 [1] document).", 0);
                case XmlToken.Text when _open.Count == 0:
                    if (!scanner.IsWhitespace)
                    {
                        throw scanner.Fail("not-well-formed", "Text outside the element (XML 1.0 [1] document: only whitespace may surround it).", scanner.TokenStart);
                    }

                    break;
                case XmlToken.Text:
                    if (!(options.IgnoreWhitespace && scanner.IsWhitespace))
                    {
                        _open[^1].Add(scanner.Value);
                    }

                    break;
                case XmlToken.CData:
                    if (_open.Count == 0)
                    {
                        throw scanner.Fail("not-well-formed", "A CDATA section outside the element.", scanner.TokenStart);
                    }

                    _open[^1].Add(new XCData(scanner.Value));
                    break;
                case XmlToken.StartTag:
                    if (root is not null && _open.Count == 0)
                    {
                        throw scanner.Fail("not-well-formed", $"A second element <{scanner.Qualified}> after the root (XML 1.0 [1] document).", scanner.TokenStart);
                    }

                    if (_open.Count >= options.MaxDepth)
                    {
                        throw scanner.Fail("policy-violation", $"Elements nest deeper than {options.MaxDepth}.", scanner.TokenStart);
                    }

                    var element = StartElement(ref scanner, options);
                    if (_open.Count > 0)
                    {
                        _open[^1].Add(element);
                    }
                    else
                    {
                        root = element;
                    }

                    if (startTagOnly)
                    {
                        if (!scanner.SelfClosing)
                        {
                            element.Value = string.Empty; // an open element, as XElement.Load has <a></a>
                        }

                        return element;
                    }

                    if (scanner.SelfClosing)
                    {
                        _bindings.RemoveRange(_scopes[^1], _bindings.Count - _scopes[^1]);
                        _scopes.RemoveAt(_scopes.Count - 1);
                    }
                    else
                    {
                        _open.Add(element);
                        _openNames.Add((scanner.Prefix, scanner.LocalName));
                    }

                    break;
                case XmlToken.EndTag:
                    EndElement(ref scanner);
                    break;
            }
        }
    }

    /// <summary>WFC: Element Type Match — the end tag names the innermost open element, prefix and all.</summary>
    private void EndElement(ref XmlScanner scanner)
    {
        if (_open.Count == 0)
        {
            throw scanner.Fail("not-well-formed", $"The end tag </{scanner.Qualified}> closes no open element.", scanner.TokenStart);
        }

        var (prefix, local) = _openNames[^1];

        // Names are atomized in one table: the same name is the same string.
        if (!ReferenceEquals(prefix, scanner.Prefix) || !ReferenceEquals(local, scanner.LocalName))
        {
            throw scanner.Fail("not-well-formed", $"The end tag </{scanner.Qualified}> does not match the start tag <{Qualified(_openNames[^1])}>.", scanner.TokenStart);
        }

        var closed = _open[^1];
        if (closed.IsEmpty)
        {
            closed.Value = string.Empty; // <a></a>: empty content, not an empty element, as XElement.Load has it
        }

        _open.RemoveAt(_open.Count - 1);
        _openNames.RemoveAt(_openNames.Count - 1);
        _bindings.RemoveRange(_scopes[^1], _bindings.Count - _scopes[^1]);
        _scopes.RemoveAt(_scopes.Count - 1);
    }

    private XElement StartElement(ref XmlScanner scanner, XmlMarkupOptions options)
    {
        // The element's own declarations apply to its name and attributes, so they are bound first.
        _scopes.Add(_bindings.Count);
        var attributes = scanner.Attributes;
        foreach (var attribute in attributes)
        {
            if (attribute.Prefix.Length == 0 && attribute.LocalName == "xmlns")
            {
                Declare(ref scanner, string.Empty, attribute);
            }
            else if (attribute.Prefix == "xmlns")
            {
                Declare(ref scanner, attribute.LocalName, attribute);
            }
        }

        if (scanner.Prefix == "xmlns")
        {
            throw scanner.Fail("not-well-formed", $"An element name must not have the prefix 'xmlns' (Namespaces in XML 1.0 §3): <{scanner.Qualified}>.", scanner.TokenStart);
        }

        var element = new XElement(XNamespace.Get(Resolve(ref scanner, scanner.Prefix, scanner.TokenStart)).GetName(scanner.LocalName));
        _attributeNames.Clear();
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            var declaration = attribute.Prefix == "xmlns" || (attribute.Prefix.Length == 0 && attribute.LocalName == "xmlns");
            var name = attribute.Prefix.Length == 0 ? XNamespace.None.GetName(attribute.LocalName)
                : XNamespace.Get(declaration ? XmlnsUri : Resolve(ref scanner, attribute.Prefix, attribute.Offset)).GetName(attribute.LocalName);
            for (var j = 0; j < i; j++)
            {
                if (_attributeNames[j] == name)
                {
                    var other = attributes[j];
                    var same = other.Prefix == attribute.Prefix && other.LocalName == attribute.LocalName;
                    throw scanner.Fail("not-well-formed", same
                        ? $"The attribute '{Qualified((attribute.Prefix, attribute.LocalName))}' appears twice in <{scanner.Qualified}> (XML 1.0 WFC: Unique Att Spec)."
                        : $"The attributes '{Qualified((other.Prefix, other.LocalName))}' and '{Qualified((attribute.Prefix, attribute.LocalName))}' of <{scanner.Qualified}> are the same name {name} (Namespaces in XML 1.0 §6.3).",
                        attribute.Offset);
                }
            }

            if (name == XmlSpace && attribute.Value.Trim(' ', '\t', '\r', '\n') is not ("default" or "preserve"))
            {
                // XML 1.0 §2.10: xml:space is 'default' or 'preserve' (checked as XmlReader checks it).
                throw scanner.Fail("not-well-formed", $"xml:space is 'default' or 'preserve', not '{attribute.Value}' (XML 1.0 §2.10).", attribute.Offset);
            }

            _attributeNames.Add(name);
            if (!declaration || options.KeepNamespaceDeclarations)
            {
                element.Add(new XAttribute(name, attribute.Value));
            }
        }

        return element;
    }

    /// <summary>NSC: Reserved Prefixes and Namespace Names; NSC: No Prefix Undeclaring (Namespaces in XML 1.0 §3).</summary>
    private void Declare(ref XmlScanner scanner, string prefix, XmlRawAttribute attribute)
    {
        var uri = attribute.Value;
        var problem = prefix switch
        {
            "xmlns" => "the prefix 'xmlns' must not be declared",
            "xml" when uri != XmlUri => $"the prefix 'xml' is bound to {XmlUri} only",
            _ when prefix != "xml" && uri == XmlUri => $"{XmlUri} is bound to the prefix 'xml' only",
            _ when uri == XmlnsUri => $"{XmlnsUri} must not be declared",
            _ when prefix.Length > 0 && uri.Length == 0 => $"the prefix '{prefix}' cannot be undeclared (xmlns:{prefix}=\"\")",
            _ => null,
        };
        if (problem is not null)
        {
            throw scanner.Fail("not-well-formed", $"A namespace declaration in <{scanner.Qualified}> is refused: {problem} (Namespaces in XML 1.0 §3).", attribute.Offset);
        }

        _bindings.Add((prefix, uri));
    }

    /// <summary>The namespace a prefix ("" = default) means here; NSC: Prefix Declared.</summary>
    private string Resolve(ref XmlScanner scanner, string prefix, int offset)
    {
        for (var i = _bindings.Count - 1; i >= 0; i--)
        {
            if (_bindings[i].Prefix == prefix)
            {
                return _bindings[i].Uri;
            }
        }

        return prefix.Length == 0 ? string.Empty
            : throw scanner.Fail("not-well-formed", $"The prefix '{prefix}' is not declared (Namespaces in XML 1.0 NSC: Prefix Declared).", offset);
    }

    private static string Qualified((string Prefix, string Local) name) => name.Prefix.Length == 0 ? name.Local : name.Prefix + ":" + name.Local;
}
