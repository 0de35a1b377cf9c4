using System.Xml;
using System.Xml.Linq;
using Edge.Exi;

namespace Edge.Xmpp.Exi;

/// <summary>Decodes one EXI body into the element it holds, straight from the decoder's events (no XML text).</summary>
internal static class ExiElementReader
{
    /// <summary>
    /// Reads SD, one element, ED. Throws <see cref="ExiException"/> for what the decoder refuses (the caller tells an
    /// incomplete body from a malformed one) and <see cref="XmppProtocolException"/> for decoded content XMPP refuses.
    /// </summary>
    /// <remarks>
    /// With <paramref name="session"/> (sessionWideBuffers) the body starts from the tables earlier bodies left; one
    /// that fails or has not fully arrived is rolled back, so it can be read again when the rest arrives.
    /// </remarks>
    public static XElement Read(Stream input, ExiOptions options, ExiSession? session, long maxChars)
    {
        using var reader = session is null ? new ExiReader(input, options) : new ExiReader(input, session);
        var open = new Stack<XElement>();
        XElement? root = null;
        long chars = 0;
        try
        {
            while (reader.Read())
            {
                var e = reader.Current!;
                switch (e.Type)
                {
                    case ExiEventType.StartDocument or ExiEventType.EndDocument or ExiEventType.NamespaceDeclaration or ExiEventType.SelfContained:
                        break;
                    case ExiEventType.StartElement:
                        if (root is not null && open.Count == 0)
                        {
                            throw new XmppProtocolException("bad-format", "An EXI body holds more than one element.");
                        }

                        var element = new XElement(XNamespace.Get(e.NamespaceUri) + XmlConvert.VerifyNCName(e.LocalName));
                        chars += e.LocalName.Length + e.NamespaceUri.Length;
                        if (open.TryPeek(out var parent))
                        {
                            parent.Add(element);
                        }
                        else
                        {
                            root = element;
                        }

                        open.Push(element);
                        break;
                    case ExiEventType.EndElement:
                        open.Pop();
                        break;
                    case ExiEventType.Attribute:
                        chars += e.LocalName.Length + e.Value.Length;
                        AddAttribute(open.Peek(), e);
                        break;
                    case ExiEventType.Characters:
                        chars += e.Value.Length;
                        if (open.TryPeek(out var current))
                        {
                            current.Add(e.Value);
                        }

                        break;
                    default:
                        throw new XmppProtocolException("restricted-xml", $"An EXI body holds a {e.Type} event, which an XMPP stream must not carry (RFC 6120 §11.1).");
                }

                if (chars > maxChars)
                {
                    throw new XmppProtocolException("policy-violation", $"An EXI body decodes to more than {maxChars} characters.");
                }
            }
        }
        catch (XmlException ex)
        {
            throw new XmppProtocolException("bad-format", "An EXI body decodes to an invalid name: " + ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new XmppProtocolException("bad-format", "An EXI body decodes to unbalanced elements.", ex);
        }

        return root ?? throw new XmppProtocolException("bad-format", "An EXI body holds no element.");
    }

    private static void AddAttribute(XElement element, ExiEvent e)
    {
        XmlConvert.VerifyNCName(e.LocalName);
        var name = XNamespace.Get(e.NamespaceUri) + e.LocalName;
        var value = e.Value;
        if (e.TypeNamespaceUri is { } typeNamespace)
        {
            // xsi:type's value is a QName: bind a prefix to the type's namespace on this element.
            if (typeNamespace.Length == 0)
            {
                value = e.TypeLocalName!;
            }
            else
            {
                var prefix = element.GetPrefixOfNamespace(typeNamespace) ?? "xt";
                element.SetAttributeValue(XNamespace.Xmlns + prefix, typeNamespace);
                value = prefix + ":" + e.TypeLocalName;
            }
        }

        if (element.Attribute(name) is not null)
        {
            throw new XmppProtocolException("bad-format", $"An EXI body repeats the attribute {e.LocalName}.");
        }

        element.Add(new XAttribute(name, value));
    }
}
